namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// The DAG of top-level stages that have a refId (others cannot be linked), built from a topological order. Only
/// edges from an earlier to a later stage in that order are kept, so the graph is acyclic even if the input was not.
/// </summary>
internal sealed class StageGraph
{
    private readonly Dictionary<string, List<string>> _predecessors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _successors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StageNode> _stages = new(StringComparer.Ordinal);

    /// <summary>RefIds in topological order.</summary>
    public IReadOnlyList<string> Order { get; }

    public StageGraph(IReadOnlyList<StageNode> topologicallyOrdered)
    {
        var order = new List<string>();
        foreach (var stage in topologicallyOrdered)
        {
            // Two stages with one refId cannot both be addressed by requisites; the first stands for it.
            if (stage.RefId is not { } refId || !_stages.TryAdd(refId, stage)) continue;
            order.Add(refId);
            _predecessors[refId] = [];
            _successors[refId] = [];
            foreach (var requisite in stage.RequisiteStageRefIds.Distinct(StringComparer.Ordinal))
            {
                if (!_stages.ContainsKey(requisite) || requisite == refId) continue;
                _predecessors[refId].Add(requisite);
                _successors[requisite].Add(refId);
            }
        }
        Order = order;
    }

    public StageNode this[string refId] => _stages[refId];

    public IReadOnlyList<string> Predecessors(string refId) => _predecessors[refId];

    public IReadOnlyList<string> Successors(string refId) => _successors[refId];
}
