using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// An execution as a tree: top-level stages in DAG order, synthetic stages nested under their parents, tasks under
/// their stages, plus the parallel branches and the critical path of the top-level DAG. Built from an
/// <see cref="ExecutionState"/> by <see cref="ExecutionTreeBuilder"/>; a running execution gives a partial tree.
/// </summary>
internal sealed record ExecutionTree(
    string Id,
    string Tenant,
    string Application,
    string? PipelineName,
    string? PipelineConfigId,
    string ExecutionType,
    string Status,
    TriggerInfo? Trigger,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? DurationMs,
    TemplateInfo? Template,
    IReadOnlyList<StageNode> Stages,
    IReadOnlyList<Branch> Branches,
    CriticalPath CriticalPath,
    string? ParentExecutionId,
    IReadOnlyList<string> ChildExecutionIds)
{
    /// <summary>Every stage, depth-first: each stage followed by its synthetic children (and theirs).</summary>
    public IEnumerable<StageNode> AllStages() => Stages.SelectMany(DepthFirst);

    private static IEnumerable<StageNode> DepthFirst(StageNode stage) => stage.Children.SelectMany(DepthFirst).Prepend(stage);
}

/// <summary>
/// One stage. <see cref="Errors"/> are the stage's own, or for a failed stage without any, those of its failed
/// synthetic descendants (where Orca leaves them). <see cref="DurationMs"/> is null until the stage ended.
/// </summary>
internal sealed record StageNode(
    string Id,
    string? RefId,
    string? Name,
    string? Type,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? DurationMs,
    IReadOnlyList<string> RequisiteStageRefIds,
    string? ParentStageId,
    string? SyntheticStageOwner,
    IReadOnlyList<StageNode> Children,
    IReadOnlyList<TaskNode> Tasks,
    string? CloudProvider,
    string? Account,
    IReadOnlyList<string> Regions,
    string? Cluster,
    string? ServerGroup,
    IReadOnlyList<string> Errors,
    JudgmentInfo? Judgment,
    string? ChildExecutionId,
    string? GateKind);

internal sealed record TaskNode(string Id, string Name, string Status, DateTimeOffset? StartTime, DateTimeOffset? EndTime, long? DurationMs, string? Error);

/// <summary>
/// A run of top-level stages that starts at a fork (stages sharing the same predecessors, or several roots) and
/// follows single-successor links until a join or an end. <see cref="ForkRefIds"/> are the shared predecessors
/// (empty for roots); <see cref="JoinRefId"/> the stage that waits for this branch and others, if any.
/// </summary>
internal sealed record Branch(
    string Id,
    IReadOnlyList<string> ForkRefIds,
    string? JoinRefId,
    IReadOnlyList<string> StageRefIds,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? DurationMs);

/// <summary>The longest chain of top-level stages by duration, in DAG order, and its total duration.</summary>
internal sealed record CriticalPath(IReadOnlyList<string> StageRefIds, long DurationMs)
{
    public static CriticalPath None { get; } = new([], 0);
}
