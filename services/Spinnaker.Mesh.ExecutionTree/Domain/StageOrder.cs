namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Orders stages that the DAG does not order between them: earlier start first (not started last), then refId as
/// people read it, then id, so every listing is deterministic.
/// </summary>
internal sealed class StageOrder : IComparer<StageNode>
{
    public static readonly StageOrder Instance = new();

    public int Compare(StageNode? x, StageNode? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : 1) : -1;
        var order = CompareStarts(x.StartTime, y.StartTime);
        if (order == 0) order = RefIdOrder.Instance.Compare(x.RefId, y.RefId);
        return order != 0 ? order : string.CompareOrdinal(x.Id, y.Id);
    }

    private static int CompareStarts(DateTimeOffset? x, DateTimeOffset? y) =>
        x is null ? (y is null ? 0 : 1) : y is null ? -1 : x.Value.CompareTo(y.Value);
}
