using System.Text.Json;

namespace Spinnaker.Mesh.Contracts.Echo.V1;

/// <summary>
/// An Echo webhook the gateway accepted: the body Echo POSTed (unwrapped to the plain
/// <c>{details, content, ...}</c> event when Echo sent the <c>wrap</c>/<c>flatten</c> envelope) plus the receipt.
/// Published with publisher confirms before the gateway answers 202; the message id equals <see cref="ReceiptId"/>.
/// On the wire this message is raw JSON (no MassTransit envelope), so the Echo body is never re-serialized.
/// </summary>
/// <param name="ReceiptId">Id the gateway returned to Echo in the 202 answer.</param>
/// <param name="Tenant">Tenant the webhook token belongs to.</param>
/// <param name="ReceivedAt">When the gateway received the request (UTC).</param>
/// <param name="Envelope">How Echo sent the event: <c>raw</c>, <c>wrapped</c> or <c>wrapped-flattened</c>.</param>
/// <param name="Event">The Echo event as Echo serialized it.</param>
public sealed record EchoWebhookReceived(
    Guid ReceiptId,
    string Tenant,
    DateTimeOffset ReceivedAt,
    string Envelope,
    JsonElement Event);
