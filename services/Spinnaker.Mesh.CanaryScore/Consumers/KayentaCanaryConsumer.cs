using MassTransit;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.Contracts.Kayenta.V1;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// Records a canary execution status Kayenta POSTed to the gateway: a finished run becomes Kayenta's report of it (a
/// judgment, or a failed run), an unfinished one is acknowledged and ignored. One message at a time: Kayenta reports a
/// few runs a minute, and a status that cannot be read fails validation on its own (to the error queue, where it is
/// kept) instead of taking a batch with it. Publishes after the commit, with MessageId = EventId.
/// </summary>
internal sealed class KayentaCanaryConsumer(JudgmentRecorder recorder, JudgmentMetrics metrics, ILogger<KayentaCanaryConsumer> log)
    : IConsumer<KayentaCanaryReported>
{
    public async Task Consume(ConsumeContext<KayentaCanaryReported> context)
    {
        var report = context.Message;
        KayentaReading reading;
        try
        {
            reading = KayentaCanaryReader.Read(report);
        }
        catch (FluentValidation.ValidationException e)
        {
            metrics.KayentaRejected();
            log.LogWarning("Kayenta status of receipt {ReceiptId} (tenant {Tenant}) rejected: {Reason}", report.ReceiptId, report.Tenant, e.Message);
            throw;
        }
        if (reading.Run is not { } run)
        {
            metrics.KayentaIgnored();
            log.LogInformation("Kayenta status of receipt {ReceiptId} (tenant {Tenant}) ignored: the run is not finished ({State})",
                report.ReceiptId, report.Tenant, reading.IgnoredBecause);
            return;
        }
        var redelivered = context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered;
        var recorded = await recorder.RecordAsync([new CanaryRunReport(report.Tenant, run)], redelivered, context.CancellationToken);
        await CanaryPublishing.PublishAsync(context, recorded);
    }
}
