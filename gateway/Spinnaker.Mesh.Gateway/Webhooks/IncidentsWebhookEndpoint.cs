using System.Buffers;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/incidents</c>: an incident opened or updated (a later POST of the same id resolves it), checked
/// by <see cref="IncidentBody"/>, published as sent as <c>IncidentReported</c> to <c>mesh.incident-webhooks</c>.
/// </summary>
internal sealed class IncidentsWebhookEndpoint(WebhookIntake intake) : IWebhookEndpoint
{
    public static WebhookSource Source { get; } = new("Incidents", "/webhooks/incidents", ChangeExchanges.Incidents);

    public Task<IResult> HandleAsync(HttpContext http) => intake.AcceptAsync(http, Source, Head, IncidentBody.FindInvalid);

    private static void Head(IBufferWriter<byte> output, Receipt receipt) => ReceiptMessage.WriteHead(output, receipt, "incident");
}
