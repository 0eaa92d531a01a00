using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Regressions;

namespace Spinnaker.Mesh.ExecutionTree.Consumers;

/// <summary>
/// Stores a batch of one execution event type in one transaction (<see cref="ExecutionEventWriter"/>); the broker
/// acknowledges the batch's messages only when this returns, so after the commit. A redelivered message appends
/// nothing (its event id is stored). After the commit, each completed pipeline run of the batch is checked for
/// duration regressions, which are published. One consumer type serves every execution event type:
/// <see cref="ExecutionTreeModule.ConfigureConsumers"/> registers it once per type, all on one queue.
/// </summary>
internal sealed class ExecutionEventBatchConsumer<TEvent>(ExecutionEventWriter writer, RegressionMonitor regressions) : IConsumer<Batch<TEvent>>
    where TEvent : class
{
    public async Task Consume(ConsumeContext<Batch<TEvent>> context)
    {
        var ct = context.CancellationToken;
        var appended = await writer.AppendAsync([.. context.Message.Select(m => (object)m.Message)], ct);
        if (context.Message is Batch<PipelineCompleted> completions)
            await PublishRegressionsAsync(context, completions, [.. appended.Select(e => e.Id)], ct);
    }

    private async Task PublishRegressionsAsync(ConsumeContext context, Batch<PipelineCompleted> completions, HashSet<Guid> appended, CancellationToken ct)
    {
        foreach (var completion in completions)
        {
            // A redelivered message may have been committed by a consumer that died before publishing what it found:
            // find and publish again (subscribers deduplicate on MessageId). Otherwise only a newly stored run can
            // reveal a regression; a duplicate of a stored one adds no duration.
            var redelivered = context.GetRetryAttempt() > 0 || completion.GetRetryAttempt() > 0 || completion.ReceiveContext.Redelivered;
            if (!redelivered && !appended.Contains(completion.Message.EventId)) continue;
            var found = await regressions.DetectAsync(completion.Message.Execution, includeAlreadyRecorded: redelivered, ct);
            foreach (var regression in found)
                await context.Publish(regression, publish => publish.MessageId = regression.EventId, ct);
        }
    }
}
