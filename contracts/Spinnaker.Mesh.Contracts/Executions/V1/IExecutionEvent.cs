namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>
/// What every normalized execution event has (<see cref="PipelineStarted"/>, <see cref="PipelineCompleted"/>,
/// <see cref="OrchestrationStarted"/>, <see cref="OrchestrationCompleted"/>, <see cref="StageStarted"/>,
/// <see cref="StageCompleted"/>, <see cref="TaskStarted"/>, <see cref="TaskCompleted"/>,
/// <see cref="ManualJudgmentResolved"/>), so that a consumer reads ids, times, the execution and the stages of the
/// event's execution snapshot without switching over the records.
/// </summary>
/// <remarks>
/// This is a shape to read, not a message to subscribe to: subscribe to the records. MassTransit also publishes every
/// message to an exchange per interface its type implements, which here would be one more exchange nobody binds. The
/// contracts carry no package reference, so MassTransit's <c>[ExcludeFromTopology]</c> attribute cannot be put here;
/// instead the bus setup of every publisher (Mesh's messaging setup, and any other service's) excludes it:
/// <code>cfg.Publish&lt;IExecutionEvent&gt;(p =&gt; p.Exclude = true);</code>
/// Left in, it does no harm beyond the extra exchange: nothing is routed by it.
/// </remarks>
public interface IExecutionEvent
{
    /// <summary>Deterministic id of the observation; the message id it is published with.</summary>
    Guid EventId { get; }

    /// <summary>When it happened according to Orca's payload (never the time Echo or Mesh received it).</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The execution as the event saw it.</summary>
    ExecutionInfo Execution { get; }

    /// <summary>
    /// The stages (tasks included) of the execution snapshot the event carried in <c>content.execution</c>, as Orca
    /// serialized it at that moment; possibly stale, since Orca serializes asynchronously. All of them, except that a
    /// <see cref="StageStarted"/> or <see cref="StageCompleted"/> carries the stage it is about as its <c>Stage</c>
    /// (completed from the event type) and not again here. Empty when the payload had no execution; null for a
    /// <see cref="ManualJudgmentResolved"/> (the <see cref="StageCompleted"/> derived from the same Echo event carries the
    /// snapshot) and for stage and task events stored before snapshots were kept.
    /// </summary>
    IReadOnlyList<StageInfo>? Stages { get; }
}
