using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>Turns the flat stage list into top-level stages with their synthetic stages nested under them.</summary>
internal static class StageNesting
{
    /// <summary>
    /// Top-level stages (no parent, or a parent not known yet, so a partial view loses nothing) in topological order;
    /// under each stage its synthetic children, before-stages first, then after-stages, each by start and refId,
    /// recursively (a canary has grandchildren). Stages caught in a parent cycle, which Orca never produces, are
    /// shown at the top level rather than dropped.
    /// </summary>
    public static IReadOnlyList<StageNode> Nest(IEnumerable<StageInfo> stages)
    {
        var all = stages.ToList();
        var known = all.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var children = all
            .Where(s => s.ParentStageId is { } parent && parent != s.Id && known.Contains(parent))
            .ToLookup(s => s.ParentStageId!, StringComparer.Ordinal);

        var placed = new HashSet<string>(StringComparer.Ordinal);
        var roots = all.Where(s => s.ParentStageId is not { } parent || parent == s.Id || !known.Contains(parent)).ToList();
        var nodes = roots.Select(s => Node(s, children, placed)).ToList();
        foreach (var stranded in all.Where(s => !placed.Contains(s.Id)).OrderBy(s => s.Id, StringComparer.Ordinal))
            if (!placed.Contains(stranded.Id)) nodes.Add(Node(stranded, children, placed));
        return TopologicalOrder.Sort(nodes);
    }

    private static StageNode Node(StageInfo stage, ILookup<string, StageInfo> children, HashSet<string> placed)
    {
        placed.Add(stage.Id);
        var nested = children[stage.Id]
            .Where(child => !placed.Contains(child.Id))
            .Select(child => Node(child, children, placed))
            .OrderBy(OwnerOrder)
            .ThenBy(child => child, StageOrder.Instance)
            .ToList();
        return new StageNode(
            Id: stage.Id,
            RefId: stage.RefId,
            Name: stage.Name,
            Type: stage.Type,
            Status: stage.Status,
            StartTime: stage.StartTime,
            EndTime: stage.EndTime,
            DurationMs: Durations.Between(stage.StartTime, stage.EndTime),
            RequisiteStageRefIds: stage.RequisiteStageRefIds,
            ParentStageId: stage.ParentStageId,
            SyntheticStageOwner: stage.SyntheticStageOwner,
            Children: nested,
            Tasks: [.. stage.Tasks.Select(Task)],
            CloudProvider: stage.CloudProvider,
            Account: stage.Account,
            Regions: stage.Regions,
            Cluster: stage.Cluster,
            ServerGroup: stage.ServerGroup,
            Errors: Errors(stage, nested),
            Judgment: stage.Judgment,
            ChildExecutionId: stage.ChildExecutionId,
            GateKind: GateKinds.Of(stage.Type));
    }

    private static int OwnerOrder(StageNode stage) => stage.SyntheticStageOwner switch
    {
        "STAGE_BEFORE" => 0,
        "STAGE_AFTER" => 1,
        _ => 2,
    };

    /// <summary>
    /// A stage's own errors; for a failed stage without any, those of its failed children (already including their
    /// own failed children's): when a synthetic stage fails, Orca fails the parent but leaves the error text in the
    /// child's context (echo.md §5).
    /// </summary>
    private static IReadOnlyList<string> Errors(StageInfo stage, IReadOnlyList<StageNode> children) =>
        stage.Errors.Count > 0 || !ExecutionStatuses.IsFailure(stage.Status)
            ? stage.Errors
            : [.. children.Where(c => ExecutionStatuses.IsFailure(c.Status)).SelectMany(c => c.Errors).Distinct(StringComparer.Ordinal)];

    private static TaskNode Task(TaskInfo task) =>
        new(task.Id, task.Name, task.Status, task.StartTime, task.EndTime, Durations.Between(task.StartTime, task.EndTime), task.Error);
}
