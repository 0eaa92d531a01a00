using System.Collections.Immutable;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// What is known about one execution from its normalized events. <see cref="Apply"/> is a join: applying the same set
/// of events in any order, any number of times, gives the same state (equal as JSON; the record's own equality
/// compares the stage dictionary by reference). So the service needs neither ordering nor deduplication by event
/// id to build it. The state is stored as JSON between events: plain get/init properties, stages sorted by id so
/// the JSON is canonical whatever order a store (jsonb sorts keys its own way) gives them back in.
/// </summary>
internal sealed record ExecutionState
{
    private readonly ImmutableSortedDictionary<string, StageInfo> _stages = NoStages;

    private static readonly ImmutableSortedDictionary<string, StageInfo> NoStages =
        ImmutableSortedDictionary.Create<string, StageInfo>(StringComparer.Ordinal);

    public static ExecutionState Empty { get; } = new();

    /// <summary>Best-known execution info; null until an event was applied.</summary>
    public ExecutionInfo? Execution { get; init; }

    /// <summary>Best-known version of each stage by stage id, synthetic stages included, tasks and judgment merged.</summary>
    public IReadOnlyDictionary<string, StageInfo> Stages
    {
        get => _stages;
        init => _stages = value is ImmutableSortedDictionary<string, StageInfo> { KeyComparer: var comparer } sorted && comparer == StringComparer.Ordinal
            ? sorted
            : NoStages.AddRange(value ?? NoStages);
    }

    /// <summary>
    /// This state with one more execution event: its execution, every stage of the execution snapshot it carried
    /// (pipeline, stage and task events all carry one), and what it says about its own stage. Any other object returns
    /// this state unchanged. The cost is proportional to the event: one merge per stage it carries.
    /// </summary>
    public ExecutionState Apply(object normalizedEvent) => normalizedEvent is IExecutionEvent e
        ? WithExecution(e.Execution).WithStages(e.Stages ?? []).WithStages(OwnStage(e))
        : this;

    /// <summary>
    /// What an event says about the one stage it is about, beyond its snapshot: a stage event's stage carries the
    /// status its event type implies (the snapshot may be stale) and is all a payload without the execution has; a task
    /// event's task; a judgment's decision. Pipeline and orchestration events say nothing beyond their snapshot.
    /// </summary>
    private static IEnumerable<StageInfo> OwnStage(IExecutionEvent e) => e switch
    {
        StageStarted started => [started.Stage],
        StageCompleted completed => [completed.Stage],
        TaskStarted started => [StageOfTask(started.StageId, started.StageType, started.Task)],
        TaskCompleted completed => [StageOfTask(completed.StageId, completed.StageType, completed.Task)],
        ManualJudgmentResolved resolved => [resolved.Stage with { Judgment = JudgmentMerge.Merge(resolved.Stage.Judgment, resolved.Judgment) }],
        _ => [],
    };

    private ExecutionState WithExecution(ExecutionInfo execution) => this with
    {
        Execution = Execution is null ? ExecutionMerge.Normalize(execution) : ExecutionMerge.Merge(Execution, execution),
    };

    private ExecutionState WithStages(IEnumerable<StageInfo> stages)
    {
        var merged = _stages;
        foreach (var stage in stages) merged = Merged(merged, stage);
        return this with { Stages = merged };
    }

    private static ImmutableSortedDictionary<string, StageInfo> Merged(ImmutableSortedDictionary<string, StageInfo> stages, StageInfo stage) =>
        stages.SetItem(stage.Id, stages.TryGetValue(stage.Id, out var known) ? StageMerge.Merge(known, stage) : StageMerge.Normalize(stage));

    /// <summary>
    /// What a task event says about its stage: it runs (tasks exist only once a stage started) and has this task.
    /// The stage's other fields come from its own events or a snapshot; if none arrived yet the tree still shows it.
    /// </summary>
    private static StageInfo StageOfTask(string stageId, string? stageType, TaskInfo task) => new(
        Id: stageId, RefId: null, Type: stageType, Name: null, Status: ExecutionStatuses.Running, StartTime: null, EndTime: null,
        RequisiteStageRefIds: [], ParentStageId: null, SyntheticStageOwner: null, CloudProvider: null, Account: null, Regions: [],
        Cluster: null, ServerGroup: null, Errors: [], Tasks: [task], Judgment: null, ChildExecutionId: null);
}
