namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>Sorts sibling stages so that every stage comes after the stages it requires.</summary>
internal static class TopologicalOrder
{
    /// <summary>
    /// Kahn's algorithm, always taking the first ready stage by <see cref="StageOrder"/>. Requisites naming no sibling
    /// are ignored (the stage may not be known yet). A cycle cannot come from Orca, but a corrupt payload must not
    /// hang the service: when nothing is ready, the first remaining stage is taken as if it were.
    /// </summary>
    public static IReadOnlyList<StageNode> Sort(IEnumerable<StageNode> stages)
    {
        var remaining = stages.Order(StageOrder.Instance).ToList();
        var byRefId = new Dictionary<string, StageNode>(StringComparer.Ordinal);
        foreach (var stage in remaining)
            if (stage.RefId is { } refId) byRefId.TryAdd(refId, stage);

        // Stage ids are unique: the state is keyed by them.
        var predecessors = remaining.ToDictionary(s => s.Id, s => Predecessors(s, byRefId), StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var sorted = new List<StageNode>(remaining.Count);
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(s => predecessors[s.Id].All(done.Contains)) ?? remaining[0];
            remaining.Remove(next);
            done.Add(next.Id);
            sorted.Add(next);
        }
        return sorted;
    }

    private static HashSet<string> Predecessors(StageNode stage, Dictionary<string, StageNode> byRefId)
    {
        var predecessors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var refId in stage.RequisiteStageRefIds)
            if (byRefId.TryGetValue(refId, out var predecessor) && predecessor.Id != stage.Id) predecessors.Add(predecessor.Id);
        return predecessors;
    }
}
