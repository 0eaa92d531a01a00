using System.Buffers;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/kayenta</c>: a Kayenta canary execution status (the <c>GET /canary/{id}</c> shape), checked by
/// <see cref="KayentaCanaryStatus"/>, published unchanged as a <c>KayentaCanaryReported</c> receipt to
/// <c>mesh.kayenta-webhooks</c>; 202 only once RabbitMQ confirmed it.
/// </summary>
internal sealed class KayentaWebhookEndpoint(WebhookIntake intake) : IWebhookEndpoint
{
    public static WebhookSource Source { get; } = new("Kayenta", "/webhooks/kayenta", "mesh.kayenta-webhooks");

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var (webhook, rejection) = await intake.ReadAsync(http, Source, Head);
        if (webhook is null) return rejection!;
        using (webhook)
        {
            var tenant = webhook.Receipt.Tenant;
            if (!webhook.TryParse(out var document, out var error))
                return intake.InvalidField(Source, tenant, KayentaCanaryStatus.Root, $"The body ($) is not JSON ({error}).");
            using (document)
            {
                if (KayentaCanaryStatus.FindInvalid(document.RootElement) is { } invalid)
                    return intake.InvalidField(Source, tenant, invalid.Field, invalid.Message);
            }
            return await intake.PublishAsync(http, Source, webhook.Receipt, webhook.Message);
        }
    }

    private static void Head(IBufferWriter<byte> output, Receipt receipt) => ReceiptMessage.WriteHead(output, receipt, "status");
}
