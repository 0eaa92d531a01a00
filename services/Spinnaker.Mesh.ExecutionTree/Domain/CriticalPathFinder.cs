namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>The longest chain through the top-level DAG.</summary>
internal static class CriticalPathFinder
{
    /// <summary>
    /// Each stage weighs its duration (0 while unknown). Synthetic stages add nothing: Orca's parent stage starts
    /// before its before-stages and ends after its after-stages, so its own duration already covers them.
    /// Dynamic programming over the topological order: the best chain ending at a stage is the stage plus the best
    /// chain ending at one of its predecessors. Ties go to the chain with more stages (so a not-yet-timed pipeline
    /// still shows its longest route), then to the smaller refId.
    /// </summary>
    public static CriticalPath Find(StageGraph graph)
    {
        var best = new Dictionary<string, Chain>(StringComparer.Ordinal);
        Chain? longest = null;
        foreach (var refId in graph.Order)
        {
            Chain? before = null;
            foreach (var predecessor in graph.Predecessors(refId))
                before = Better(before, best[predecessor]);
            var weight = graph[refId].DurationMs ?? 0;
            var chain = new Chain(refId, before, (before?.DurationMs ?? 0) + weight, (before?.Length ?? 0) + 1);
            best[refId] = chain;
            longest = Better(longest, chain);
        }
        return longest is null ? CriticalPath.None : new CriticalPath(longest.RefIds(), longest.DurationMs);
    }

    private static Chain Better(Chain? current, Chain candidate)
    {
        if (current is null) return candidate;
        var order = current.DurationMs.CompareTo(candidate.DurationMs);
        if (order == 0) order = current.Length.CompareTo(candidate.Length);
        if (order == 0) order = -RefIdOrder.Instance.Compare(current.Last, candidate.Last);
        return order >= 0 ? current : candidate;
    }

    /// <summary>A chain as its last stage and the chain before it, so extending one shares the rest.</summary>
    private sealed record Chain(string Last, Chain? Before, long DurationMs, int Length)
    {
        public IReadOnlyList<string> RefIds()
        {
            var refIds = new List<string>(Length);
            for (var chain = this; chain is not null; chain = chain.Before) refIds.Add(chain.Last);
            refIds.Reverse();
            return refIds;
        }
    }
}
