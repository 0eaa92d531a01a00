using System.Buffers;
using System.Text.Json;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// The broker message, <c>EchoWebhookReceived</c> as raw camelCase JSON:
/// <c>{"receiptId":…,"tenant":…,"receivedAt":…,"envelope":…,"event":&lt;Echo event&gt;}</c>.
/// It is written as a head, the event bytes, and a tail, so a raw Echo body is placed between them unchanged.
/// </summary>
internal static class ReceiptMessage
{
    /// <summary>Bytes to reserve for head and tail; a long tenant name only makes the buffer grow once.</summary>
    public const int ReserveBytes = 256;

    public static ReadOnlySpan<byte> Tail => "}"u8;

    /// <summary>Writes everything up to and including <c>"event":</c>.</summary>
    public static void WriteHead(IBufferWriter<byte> output, Receipt receipt, string envelope)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("receiptId", receipt.Id);
        writer.WriteString("tenant", receipt.Tenant);
        writer.WriteString("receivedAt", receipt.ReceivedAt);
        writer.WriteString("envelope", envelope);
        writer.WritePropertyName("event");
        // Deliberately left open: the event and the tail follow as plain bytes.
        writer.Flush();
    }
}
