using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>Merges observations of a stage's tasks (from stage snapshots and task events) by task id.</summary>
internal static class TaskMerge
{
    /// <summary>Union by task id, each task the more advanced of its observations, ordered by id (1, 2, ... 10).</summary>
    public static IReadOnlyList<TaskInfo> Merge(IReadOnlyList<TaskInfo> a, IReadOnlyList<TaskInfo> b)
    {
        var byId = new Dictionary<string, TaskInfo>(StringComparer.Ordinal);
        foreach (var task in a.Concat(b))
        {
            var normalized = Normalize(task);
            byId[task.Id] = byId.TryGetValue(task.Id, out var known) ? MoreAdvanced(known, normalized) : normalized;
        }
        return [.. byId.Values.OrderBy(t => t.Id, RefIdOrder.Instance)];
    }

    /// <summary>
    /// The observation further along: status rank, then later end, later start, then every remaining field so the
    /// order is total over distinct tasks and the pick never depends on which came first.
    /// </summary>
    private static TaskInfo MoreAdvanced(TaskInfo a, TaskInfo b)
    {
        var order = ExecutionStatuses.Rank(a.Status).CompareTo(ExecutionStatuses.Rank(b.Status));
        if (order == 0) order = Join.CompareTimes(a.EndTime, b.EndTime);
        if (order == 0) order = Join.CompareTimes(a.StartTime, b.StartTime);
        if (order == 0) order = string.CompareOrdinal(a.Status, b.Status);
        if (order == 0) order = Join.CompareText(a.Error, b.Error);
        if (order == 0) order = string.CompareOrdinal(a.Name, b.Name);
        return order >= 0 ? a : b;
    }

    private static TaskInfo Normalize(TaskInfo task) =>
        task with { StartTime = task.StartTime?.ToUniversalTime(), EndTime = task.EndTime?.ToUniversalTime() };
}
