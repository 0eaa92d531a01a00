namespace Spinnaker.Mesh.Contracts.Executions.V1;

// Normalized events ingest derives from Echo's orca:* events. Each is published after it was committed to the
// execution's stream, with MessageId = EventId. EventId is deterministic (derived from tenant, execution, stage or
// task, status and times), so a redelivered or re-sent Echo event yields the same id: subscribers deduplicate on it.
// OccurredAt is the time inside Orca's payload the event stands for, never the time Echo or Mesh received it.
//
// Echo sends the whole execution with every stage and task event too, so those events carry its stages as well
// (Stages, a trailing optional member: events stored before it existed read back with null). A consumer that merges
// every event's Stages does not depend on receiving each stage's own event (Echo drops a delivery that failed).

/// <summary>An execution of a pipeline started (<c>orca:pipeline:starting</c>). <paramref name="Stages"/> is the planned stage graph.</summary>
public sealed record PipelineStarted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, IReadOnlyList<StageInfo> Stages)
    : IExecutionEvent;

/// <summary>An execution of a pipeline finished (<c>orca:pipeline:complete</c> or <c>orca:pipeline:failed</c>); the outcome is <c>Execution.Status</c>.</summary>
public sealed record PipelineCompleted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, IReadOnlyList<StageInfo> Stages)
    : IExecutionEvent;

/// <summary>An orchestration (ad-hoc task such as "Save pipeline" or a resize from the UI) started.</summary>
public sealed record OrchestrationStarted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, IReadOnlyList<StageInfo> Stages)
    : IExecutionEvent;

/// <summary>An orchestration finished; the outcome is <c>Execution.Status</c>.</summary>
public sealed record OrchestrationCompleted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, IReadOnlyList<StageInfo> Stages)
    : IExecutionEvent;

/// <summary>A stage started (<c>orca:stage:starting</c>), synthetic stages included.</summary>
/// <param name="EventId">Deterministic id of the observation.</param>
/// <param name="OccurredAt">The stage's start.</param>
/// <param name="Execution">The execution as the event saw it.</param>
/// <param name="Stage">The stage, with the status the event type implies when the snapshot's is stale.</param>
/// <param name="Stages">The other stages of the execution snapshot the event carried (see <see cref="IExecutionEvent.Stages"/>).</param>
public sealed record StageStarted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, StageInfo Stage,
    IReadOnlyList<StageInfo>? Stages = null) : IExecutionEvent;

/// <summary>A stage ended (<c>orca:stage:complete</c>, <c>:failed</c> or <c>:skipped</c>); the outcome is <c>Stage.Status</c>.</summary>
/// <param name="EventId">Deterministic id of the observation.</param>
/// <param name="OccurredAt">The stage's end.</param>
/// <param name="Execution">The execution as the event saw it.</param>
/// <param name="Stage">The stage, with the status the event type implies when the snapshot's is stale.</param>
/// <param name="Stages">The other stages of the execution snapshot the event carried (see <see cref="IExecutionEvent.Stages"/>).</param>
public sealed record StageCompleted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, StageInfo Stage,
    IReadOnlyList<StageInfo>? Stages = null) : IExecutionEvent;

/// <summary>A task started (<c>orca:task:starting</c>).</summary>
/// <param name="EventId">Deterministic id of the observation.</param>
/// <param name="OccurredAt">The task's start.</param>
/// <param name="Execution">The execution as the event saw it.</param>
/// <param name="StageId">The task's stage.</param>
/// <param name="StageType">The stage's type, when known.</param>
/// <param name="Task">The task.</param>
/// <param name="Stages">Every stage of the execution snapshot the event carried (see <see cref="IExecutionEvent.Stages"/>).</param>
public sealed record TaskStarted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, string StageId, string? StageType, TaskInfo Task,
    IReadOnlyList<StageInfo>? Stages = null) : IExecutionEvent;

/// <summary>A task ended (<c>orca:task:complete</c> or <c>orca:task:failed</c>); the outcome is <c>Task.Status</c>.</summary>
/// <param name="EventId">Deterministic id of the observation.</param>
/// <param name="OccurredAt">The task's end.</param>
/// <param name="Execution">The execution as the event saw it.</param>
/// <param name="StageId">The task's stage.</param>
/// <param name="StageType">The stage's type, when known.</param>
/// <param name="Task">The task.</param>
/// <param name="Stages">Every stage of the execution snapshot the event carried (see <see cref="IExecutionEvent.Stages"/>).</param>
public sealed record TaskCompleted(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, string StageId, string? StageType, TaskInfo Task,
    IReadOnlyList<StageInfo>? Stages = null) : IExecutionEvent;

/// <summary>
/// Someone decided a manual judgment stage. Derived from the stage's end event; <paramref name="WaitedMs"/> is the time the
/// stage waited for the decision (stage end minus stage start).
/// </summary>
public sealed record ManualJudgmentResolved(Guid EventId, DateTimeOffset OccurredAt, ExecutionInfo Execution, StageInfo Stage, JudgmentInfo Judgment, long? WaitedMs)
    : IExecutionEvent
{
    /// <summary>None: the <see cref="StageCompleted"/> derived from the same Echo event carries the snapshot.</summary>
    IReadOnlyList<StageInfo>? IExecutionEvent.Stages => null;
}
