using System.Buffers;
using System.Text.Json;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// The broker message: the receipt and the body as raw camelCase JSON,
/// <c>{"receiptId":…,"tenant":…,"receivedAt":…,[more string members,]"&lt;body member&gt;":&lt;body&gt;}</c>
/// (<c>EchoWebhookReceived</c>: <c>envelope</c> and <c>event</c>; <c>KayentaCanaryReported</c>: <c>status</c>).
/// It is written as a head, the body bytes, and a tail, so a body is placed between them unchanged.
/// </summary>
internal static class ReceiptMessage
{
    /// <summary>Bytes to reserve for head and tail; a long tenant name only makes the buffer grow once.</summary>
    public const int ReserveBytes = 256;

    public static ReadOnlySpan<byte> Tail => "}"u8;

    /// <summary>Writes everything up to and including <c>"&lt;bodyMember&gt;":</c>.</summary>
    public static void WriteHead(IBufferWriter<byte> output, Receipt receipt, string bodyMember, params ReadOnlySpan<(string Name, string Value)> members)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("receiptId", receipt.Id);
        writer.WriteString("tenant", receipt.Tenant);
        writer.WriteString("receivedAt", receipt.ReceivedAt);
        foreach (var (name, value) in members) writer.WriteString(name, value);
        writer.WritePropertyName(bodyMember);
        // Deliberately left open: the body and the tail follow as plain bytes.
        writer.Flush();
    }
}
