using System.Buffers;
using System.Text.Json;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/echo</c> (and <c>/webhooks/echo/</c>, since Echo always appends a slash): checks the body, publishes
/// it as an <c>EchoWebhookReceived</c> receipt to <c>mesh.echo-webhooks</c> and answers 202 only once RabbitMQ
/// confirmed it. A plain Echo body is read once into the message buffer and published as is; only the rare wrapped
/// envelope is re-serialized.
/// </summary>
internal sealed class EchoWebhookEndpoint(WebhookIntake intake) : IWebhookEndpoint
{
    public static WebhookSource Source { get; } = new("Echo", "/webhooks/echo", "mesh.echo-webhooks");

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var (webhook, rejection) = await intake.ReadAsync(http, Source, RawHead);
        if (webhook is null) return rejection!;
        using (webhook)
        {
            var tenant = webhook.Receipt.Tenant;
            if (!webhook.TryParse(out var document, out var error)) return NotAnEvent(tenant, $"invalid JSON: {error}");
            using (document)
            {
                var envelope = EchoEnvelope.Classify(document.RootElement, out var reason);
                if (envelope is null) return NotAnEvent(tenant, reason);
                if (envelope == EchoEnvelope.Raw) return await intake.PublishAsync(http, Source, webhook.Receipt, webhook.Message);

                using var unwrapped = UnwrappedEvent.TryCreate(EchoEnvelope.EventOf(document.RootElement, envelope), out reason);
                if (unwrapped is null) return NotAnEvent(tenant, reason);
                using var rewritten = new PooledBuffer(webhook.Message.Length);
                WriteHead(rewritten, webhook.Receipt, envelope);
                using (var writer = new Utf8JsonWriter(rewritten)) unwrapped.WriteTo(writer);
                rewritten.Write(ReceiptMessage.Tail);
                return await intake.PublishAsync(http, Source, webhook.Receipt, rewritten.WrittenMemory);
            }
        }
    }

    /// <summary>Assumes the plain event; a wrapped one is written again behind a head naming its envelope.</summary>
    private static void RawHead(IBufferWriter<byte> output, Receipt receipt) => WriteHead(output, receipt, EchoEnvelope.Raw);

    private static void WriteHead(IBufferWriter<byte> output, Receipt receipt, string envelope) =>
        ReceiptMessage.WriteHead(output, receipt, "event", ("envelope", envelope));

    private IResult NotAnEvent(string tenant, string reason) =>
        intake.Reject(Source, tenant, StatusCodes.Status400BadRequest, "Bad Request",
            $"The body is not an Echo event ({reason}): expected a JSON object with a string details.type, plain or in Echo's wrap/flatten envelope.",
            reason);
}
