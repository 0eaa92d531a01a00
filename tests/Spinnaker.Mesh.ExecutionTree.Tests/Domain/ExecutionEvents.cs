using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

/// <summary>Normalized execution events as ingest would publish them, for one execution of one pipeline.</summary>
internal static class ExecutionEvents
{
    public const string Tenant = "acme";
    public const string Application = "shop";
    public const string ExecutionId = "01HXEXECUTION0000000000000";
    public const string PipelineName = "Deploy to prod";
    public const string PipelineConfigId = "6b1d7c8e-0c55-4b43-9d53-1f2e1d0a9c11";

    public static readonly DateTimeOffset T0 = new(2025, 5, 14, 12, 0, 0, TimeSpan.Zero);

    private static int _nextEventId;

    /// <summary>T0 plus some seconds.</summary>
    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    /// <summary>The stage id the builders give the stage with this refId, so parents can be named by refId.</summary>
    public static string Id(string refId) => "stage-" + refId;

    public static ExecutionInfo Execution(string status = "RUNNING", DateTimeOffset? start = null, DateTimeOffset? end = null, TriggerInfo? trigger = null) =>
        new(Tenant, Application, ExecutionId, "PIPELINE", PipelineName, PipelineConfigId, status, start ?? T0, end,
            trigger ?? new TriggerInfo("manual", "alice", null, null, null, null, null), null, false, null, null);

    public static StageInfo Stage(
        string refId, string[]? requisites = null, string type = "wait", string status = "NOT_STARTED", DateTimeOffset? start = null,
        DateTimeOffset? end = null, string? parentStageId = null, string? owner = null, string[]? errors = null, TaskInfo[]? tasks = null,
        string? childExecutionId = null, string? name = null) =>
        new(Id(refId), refId, type, name ?? $"{type} {refId}", status, start, end, requisites ?? [], parentStageId, owner,
            CloudProvider: "kubernetes", Account: "prod-k8s", Regions: ["us-east-1"], Cluster: null, ServerGroup: null,
            Errors: errors ?? [], Tasks: tasks ?? [], Judgment: null, ChildExecutionId: childExecutionId);

    public static TaskInfo Task(string id, string name, string status, DateTimeOffset? start, DateTimeOffset? end = null, string? error = null) =>
        new(id, name, status, start, end, error);

    public static PipelineStarted PipelineStarted(ExecutionInfo execution, params StageInfo[] stages) =>
        new(NextId(), execution.StartTime ?? T0, execution, stages);

    public static PipelineCompleted PipelineCompleted(ExecutionInfo execution, params StageInfo[] stages) =>
        new(NextId(), execution.EndTime ?? T0, execution, stages);

    // The stage and task builders take the execution snapshot the event carried (content.execution's stages);
    // without one they model an event stored before snapshots were kept.

    public static StageStarted StageStarted(StageInfo stage, ExecutionInfo? execution = null, IReadOnlyList<StageInfo>? snapshot = null) =>
        new(NextId(), stage.StartTime ?? T0, execution ?? Execution(), stage, snapshot);

    public static StageCompleted StageCompleted(StageInfo stage, ExecutionInfo? execution = null, IReadOnlyList<StageInfo>? snapshot = null) =>
        new(NextId(), stage.EndTime ?? T0, execution ?? Execution(), stage, snapshot);

    public static TaskStarted TaskStarted(StageInfo stage, TaskInfo task, ExecutionInfo? execution = null, IReadOnlyList<StageInfo>? snapshot = null) =>
        new(NextId(), task.StartTime ?? T0, execution ?? Execution(), stage.Id, stage.Type, task, snapshot);

    public static TaskCompleted TaskCompleted(StageInfo stage, TaskInfo task, ExecutionInfo? execution = null, IReadOnlyList<StageInfo>? snapshot = null) =>
        new(NextId(), task.EndTime ?? T0, execution ?? Execution(), stage.Id, stage.Type, task, snapshot);

    public static ManualJudgmentResolved JudgmentResolved(StageInfo stage, JudgmentInfo judgment, ExecutionInfo? execution = null) =>
        new(NextId(), stage.EndTime ?? T0, execution ?? Execution(), stage, judgment, null);

    /// <summary>The state after applying the events in the order given.</summary>
    public static ExecutionState Applied(IEnumerable<object> events) =>
        events.Aggregate(ExecutionState.Empty, (state, e) => state.Apply(e));

    // Distinct and reproducible; the state does not keep event ids, so their values do not matter otherwise.
    private static Guid NextId() => new(Interlocked.Increment(ref _nextEventId), 0, 0, new byte[8]);
}
