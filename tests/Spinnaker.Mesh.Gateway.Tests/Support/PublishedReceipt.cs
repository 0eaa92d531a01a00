using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using Spinnaker.Mesh.Contracts.Echo.V1;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>A message taken off the broker: its raw bytes, its AMQP properties, and the contract it should decode to.</summary>
internal sealed class PublishedReceipt(byte[] body, IReadOnlyBasicProperties properties)
{
    public byte[] Body { get; } = body;

    public IReadOnlyBasicProperties Properties { get; } = properties;

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>Decoded the way consumers decode it: System.Text.Json web defaults (camelCase).</summary>
    public EchoWebhookReceived Contract =>
        JsonSerializer.Deserialize<EchoWebhookReceived>(Body, JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("The message decoded to null.");

    /// <summary>The message decoded as another contract, the same way.</summary>
    public T As<T>() =>
        JsonSerializer.Deserialize<T>(Body, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("The message decoded to null.");

    /// <summary>The <c>event</c> member exactly as it appears in the message bytes.</summary>
    public string RawEvent => RawMember("event");

    /// <summary>A top-level member exactly as it appears in the message bytes.</summary>
    public string RawMember(string name)
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.GetProperty(name).GetRawText();
    }

    /// <summary>The message's top-level member names, in order, to pin the camelCase wire shape.</summary>
    public IReadOnlyList<string> MemberNames
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        }
    }
}
