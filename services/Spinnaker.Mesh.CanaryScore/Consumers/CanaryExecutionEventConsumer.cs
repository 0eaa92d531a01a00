using MassTransit;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// Reads the canary runs of a batch of normalized execution events (<see cref="StageCompleted"/> and
/// <see cref="PipelineCompleted"/>: every snapshot of a finished canary stage or pipeline) and records them
/// (<see cref="JudgmentRecorder"/>); publishes, after the commit, the judgments and trend changes it produced, with
/// MessageId = EventId. Events without canary stages cost nothing. Registered once per event type, on one queue.
/// </summary>
internal sealed class CanaryExecutionEventConsumer<TEvent>(JudgmentRecorder recorder, AccountEnvironments environments) : IConsumer<Batch<TEvent>>
    where TEvent : class, IExecutionEvent
{
    public async Task Consume(ConsumeContext<Batch<TEvent>> context)
    {
        var reports = context.Message
            .SelectMany(m => OrcaCanaryReader.Read(m.Message, environments).Select(run => new CanaryRunReport(m.Message.Execution.Tenant, run)))
            .ToList();
        if (reports.Count == 0) return;
        var redelivered = context.GetRetryAttempt() > 0 || context.Message.Any(m => m.GetRetryAttempt() > 0 || m.ReceiveContext.Redelivered);
        var recorded = await recorder.RecordAsync(reports, redelivered, context.CancellationToken);
        await CanaryPublishing.PublishAsync(context, recorded);
    }
}

/// <summary>Publishes what a commit produced, each with MessageId = EventId so subscribers deduplicate a repeat.</summary>
internal static class CanaryPublishing
{
    public static async Task PublishAsync(ConsumeContext context, RecordedReports recorded)
    {
        var ct = context.CancellationToken;
        foreach (var judged in recorded.Judged)
            await context.Publish(judged, p => p.MessageId = judged.EventId, ct);
        foreach (var trend in recorded.TrendChanges)
            await context.Publish(trend, p => p.MessageId = trend.EventId, ct);
    }
}
