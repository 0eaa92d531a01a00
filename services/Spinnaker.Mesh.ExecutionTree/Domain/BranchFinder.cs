namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>Finds the parallel branches of the top-level DAG.</summary>
internal static class BranchFinder
{
    /// <summary>
    /// A fork is a set of two or more stages with the same predecessors (or two or more roots). Each of its stages
    /// starts a branch, which follows the chain while the current stage has exactly one successor and that successor
    /// has no other predecessor; it stops before a join (a successor with several predecessors), at a further fork
    /// (whose stages start branches of their own), or at an end. So every stage is in at most one branch.
    /// </summary>
    public static IReadOnlyList<Branch> Find(StageGraph graph, bool executionEnded)
    {
        var forks = graph.Order
            .GroupBy(refId => string.Join('\n', graph.Predecessors(refId)), StringComparer.Ordinal)
            .Where(group => group.Count() >= 2);

        var branches = new List<Branch>();
        foreach (var fork in forks)
            foreach (var first in fork)
                branches.Add(Follow(graph, first, executionEnded));
        return [.. branches.OrderBy(b => IndexOf(graph, b.StageRefIds[0]))];
    }

    private static Branch Follow(StageGraph graph, string first, bool executionEnded)
    {
        var chain = new List<string> { first };
        string? join = null;
        var current = first;
        while (graph.Successors(current) is [var next])
        {
            if (graph.Predecessors(next).Count > 1)
            {
                join = next;
                break;
            }
            chain.Add(next);
            current = next;
        }
        return Summarize(graph, first, chain, join, executionEnded);
    }

    /// <summary>
    /// Status: the worst of its stages by <see cref="ExecutionStatuses.Severity"/>. Start: the earliest stage start.
    /// End: the latest stage end, once no stage of the branch is still to run; stages that never started do not hold
    /// the branch open after the execution ended (a failure elsewhere stopped them).
    /// </summary>
    private static Branch Summarize(StageGraph graph, string first, List<string> chain, string? join, bool executionEnded)
    {
        var stages = chain.Select(refId => graph[refId]).ToList();
        var status = stages.Select(s => s.Status).MaxBy(ExecutionStatuses.Severity)!;
        var start = stages.Min(s => s.StartTime);
        var open = stages.Any(s => !ExecutionStatuses.IsComplete(s.Status) && (s.StartTime is not null || !executionEnded));
        var end = open ? null : stages.Max(s => s.EndTime);
        return new Branch(
            Id: "branch-" + first,
            ForkRefIds: graph.Predecessors(first),
            JoinRefId: join,
            StageRefIds: chain,
            Status: status,
            StartTime: start,
            EndTime: end,
            DurationMs: Durations.Between(start, end));
    }

    private static int IndexOf(StageGraph graph, string refId)
    {
        for (var i = 0; i < graph.Order.Count; i++)
            if (graph.Order[i] == refId) return i;
        return -1;
    }
}
