using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Spinnaker.Mesh.Rollback.Incidents.Store;

namespace Spinnaker.Mesh.Rollback.Incidents.Consumers;

/// <summary>
/// Ingest's <see cref="PipelineCompleted"/> (pipelines only: orchestrations come as their own event and are not
/// subscribed to): a failure opens or joins an incident, a success resolves what it recovers. Publishes, after the
/// commit, <see cref="IncidentOpened"/> and <see cref="IncidentResolved"/> with MessageId = EventId, so a subscriber
/// drops the repeat a redelivery may cause.
/// </summary>
internal sealed class IncidentExecutionConsumer(IncidentRecorder recorder) : IConsumer<PipelineCompleted>
{
    public async Task Consume(ConsumeContext<PipelineCompleted> context)
    {
        if (DeployContext.Observe(context.Message) is not { } observed) return;
        var redelivered = context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered;
        var ct = context.CancellationToken;
        foreach (var e in await recorder.RecordAsync(observed, redelivered, ct))
        {
            switch (e)
            {
                case IncidentOpened opened:
                    await context.Publish(opened, p => p.MessageId = opened.EventId, ct);
                    break;
                case IncidentResolved resolved:
                    await context.Publish(resolved, p => p.MessageId = resolved.EventId, ct);
                    break;
            }
        }
    }
}
