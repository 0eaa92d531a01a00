using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventStore;
using Spinnaker.Mesh.ExecutionTree.Regressions;

namespace Spinnaker.Mesh.ExecutionTree.Consumers;

// The store type shares its name with its namespace, which an enclosing namespace (Spinnaker.Mesh) brings in first.
using EventStore = Spinnaker.Mesh.EventStore.EventStore;

/// <summary>
/// Stores one normalized execution event in the execution's stream (stream id = execution id, event id = the
/// contract's deterministic EventId, so a redelivered message appends nothing); the execution's read model is updated
/// by <see cref="ReadModel.ExecutionReadModelProjection"/> in the same transaction. After the commit, a completed
/// pipeline run is checked for duration regressions, which are published. One consumer serves every execution event
/// type: <see cref="ExecutionTreeModule.ConfigureConsumers"/> registers it once per type.
/// </summary>
internal sealed class ExecutionEventConsumer<TEvent>(EventStore store, RegressionMonitor regressions) : IConsumer<TEvent>
    where TEvent : class
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        var ct = context.CancellationToken;
        var (eventId, execution) = ExecutionEvents.Identify(context.Message);
        var session = store.OpenSession();
        session.Append(execution.Tenant, execution.ExecutionId, ExecutionEvents.StreamType, null, new NewEvent(eventId, context.Message));
        var results = await session.SaveChangesAsync(ct);

        if (context.Message is not PipelineCompleted completed) return;
        // A redelivered message may have been committed by a consumer that died before publishing what it found:
        // find and publish again (subscribers deduplicate on MessageId). Otherwise only a newly stored run can
        // reveal a regression; a duplicate of a stored one adds no duration.
        var redelivered = context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered;
        if (!redelivered && results.All(r => r.Appended.Count == 0)) return;
        var found = await regressions.DetectAsync(completed.Execution, includeAlreadyRecorded: redelivered, ct);
        foreach (var regression in found)
            await context.Publish(regression, publish => publish.MessageId = regression.EventId, ct);
    }
}
