using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.ExecutionTree.Consumers;

/// <summary>
/// The normalized execution events this service consumes and stores, under this service's own stable Marten event
/// aliases (never rename one: stored events are read back by alias).
/// </summary>
internal static class ExecutionEvents
{
    public static IReadOnlyList<(string Alias, Type Type)> All { get; } =
    [
        ("execution-tree.pipeline-started.v1", typeof(PipelineStarted)),
        ("execution-tree.pipeline-completed.v1", typeof(PipelineCompleted)),
        ("execution-tree.orchestration-started.v1", typeof(OrchestrationStarted)),
        ("execution-tree.orchestration-completed.v1", typeof(OrchestrationCompleted)),
        ("execution-tree.stage-started.v1", typeof(StageStarted)),
        ("execution-tree.stage-completed.v1", typeof(StageCompleted)),
        ("execution-tree.task-started.v1", typeof(TaskStarted)),
        ("execution-tree.task-completed.v1", typeof(TaskCompleted)),
        ("execution-tree.manual-judgment-resolved.v1", typeof(ManualJudgmentResolved)),
    ];

    /// <summary>The event as it is appended: to its execution's stream (stream id = execution id) under its deterministic id.</summary>
    public static PendingEvent ToPending(object normalizedEvent)
    {
        var (eventId, execution) = Identify(normalizedEvent);
        return new PendingEvent(execution.Tenant, execution.ExecutionId, eventId, normalizedEvent);
    }

    /// <summary>The event's deterministic id and the execution it belongs to.</summary>
    public static (Guid EventId, ExecutionInfo Execution) Identify(object normalizedEvent) => normalizedEvent is IExecutionEvent e
        ? (e.EventId, e.Execution)
        : throw new ArgumentException($"{normalizedEvent.GetType()} is not an execution event.", nameof(normalizedEvent));
}
