using System.Text.Json;

namespace Spinnaker.Mesh.Contracts.Kayenta.V1;

/// <summary>
/// A Kayenta canary execution status the gateway accepted on <c>POST /webhooks/kayenta</c>: the body as POSTed (the
/// <c>GET /canary/{id}</c> shape: <c>pipelineId</c>, <c>application</c>, <c>status</c>, <c>result.judgeResult</c>, ...)
/// plus the receipt. Published to the fanout exchange <c>mesh.kayenta-webhooks</c> with publisher confirms before the
/// gateway answers 202; the message id equals <see cref="ReceiptId"/>. Raw JSON on the wire, like
/// <see cref="Echo.V1.EchoWebhookReceived"/>.
/// </summary>
/// <param name="ReceiptId">Id the gateway returned in the 202 answer.</param>
/// <param name="Tenant">Tenant the webhook token belongs to.</param>
/// <param name="ReceivedAt">When the gateway received the request (UTC).</param>
/// <param name="Status">The canary execution status as Kayenta serialized it (NaN and ±Infinity as strings).</param>
public sealed record KayentaCanaryReported(
    Guid ReceiptId,
    string Tenant,
    DateTimeOffset ReceivedAt,
    JsonElement Status);
