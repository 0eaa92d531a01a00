using Marten;
using MassTransit;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// Writes the series samples of a batch of one execution event type in one transaction; the broker acknowledges the
/// batch only when this returns, so after the commit. Samples are idempotent inserts, so a redelivered batch, or
/// events in any order, leave the same rows.
/// </summary>
internal sealed class ExecutionSeriesBatchConsumer<TEvent>(IDocumentStore store, ExecutionSeriesSamples samples) : IConsumer<Batch<TEvent>>
    where TEvent : class, IExecutionEvent
{
    public async Task Consume(ConsumeContext<Batch<TEvent>> context)
    {
        await using var session = store.LightweightSession();
        var queued = false;
        foreach (var tenant in context.Message.Select(m => m.Message).GroupBy(e => e.Execution.Tenant, StringComparer.Ordinal))
        {
            var tenantSamples = tenant.SelectMany(samples.From).ToList();
            if (tenantSamples.Count == 0) continue;
            session.QueueSamples(tenant.Key, tenantSamples);
            queued = true;
        }
        if (queued) await session.SaveChangesAsync(context.CancellationToken);
    }
}
