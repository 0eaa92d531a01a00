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

    public Task<IResult> HandleAsync(HttpContext http) => intake.AcceptAsync(http, Source, Head, KayentaCanaryStatus.FindInvalid);

    private static void Head(IBufferWriter<byte> output, Receipt receipt) => ReceiptMessage.WriteHead(output, receipt, "status");
}
