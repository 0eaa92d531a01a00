using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// A queue of the test's own, bound to one of the gateway's fanout exchanges, to see exactly what the gateway published.
/// The gateway answers 202 only after the broker confirmed, so a published message is already here when the
/// response arrives; the waits below are bounded all the same.
/// </summary>
internal sealed class ReceiptQueue : IAsyncDisposable
{
    /// <summary>The wire contracts' exchange names, spelled out rather than taken from the gateway.</summary>
    public const string Exchange = "mesh.echo-webhooks";

    public const string KayentaExchange = "mesh.kayenta-webhooks";

    public const string CommitExchange = "mesh.commit-webhooks";

    public const string IncidentExchange = "mesh.incident-webhooks";

    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;

    private ReceiptQueue(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<ReceiptQueue> BindAsync(string rabbitMq, string exchange = Exchange)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        return new ReceiptQueue(connection, channel, queue);
    }

    /// <summary>Whether the exchange exists, asked without declaring it (a passive declare).</summary>
    public static async Task<bool> ExchangeExistsAsync(string rabbitMq, string exchange = Exchange)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclarePassiveAsync(exchange);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }

    /// <summary>The next message, waiting at most <paramref name="timeout"/> (5 s by default).</summary>
    public async Task<PublishedReceipt> NextAsync(TimeSpan? timeout = null)
    {
        var message = await Eventually.GetAsync(
            () => _channel.BasicGetAsync(_queue, autoAck: true), m => m is not null, timeout ?? TimeSpan.FromSeconds(5), "a published receipt");
        return new PublishedReceipt(message!.Body.ToArray(), message.BasicProperties);
    }

    public async Task<uint> CountAsync() => await _channel.MessageCountAsync(_queue);

    public async Task PurgeAsync() => await _channel.QueuePurgeAsync(_queue);

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _channel.DisposeAsync();
        await _connection.CloseAsync();
        await _connection.DisposeAsync();
    }
}
