using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// A webhook body read in full, already inside its broker message (head, body, tail): publishing it as sent needs
/// no copy, and parsing it reads the same buffer.
/// </summary>
internal sealed class ReceivedWebhook(Receipt receipt, PooledBuffer message, int bodyStart) : IDisposable
{
    /// <summary>
    /// Echo nests executions inside triggers inside executions, and stage contexts carry whole manifests, so real
    /// bodies go deeper than System.Text.Json's default of 64.
    /// </summary>
    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };

    public Receipt Receipt { get; } = receipt;

    /// <summary>The whole broker message.</summary>
    public ReadOnlyMemory<byte> Message => message.WrittenMemory;

    /// <summary>The body as the caller sent it.</summary>
    public ReadOnlyMemory<byte> Body => message.WrittenMemory[bodyStart..^ReceiptMessage.Tail.Length];

    /// <summary>Parses the body over the buffer itself; false with the parser's reason when it is not one JSON value.</summary>
    public bool TryParse([NotNullWhen(true)] out JsonDocument? document, out string error)
    {
        error = "";
        try
        {
            document = JsonDocument.Parse(Body, ParseOptions);
            return true;
        }
        catch (JsonException e)
        {
            document = null;
            error = e.Message;
            return false;
        }
    }

    public void Dispose() => message.Dispose();
}
