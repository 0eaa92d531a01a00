using System.Diagnostics;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>
/// Publishes a receipt to a webhook's exchange and returns only once the broker confirmed it: Echo barely retries,
/// so a 202 must mean the message is safely queued. Messages are persistent and <c>mandatory</c>, so an exchange
/// with no queue bound comes back as <see cref="PublishOutcome.Unroutable"/> instead of vanishing.
/// </summary>
internal sealed partial class ReceiptPublisher(
    BrokerConnection broker,
    IOptions<BrokerOptions> options,
    ILogger<ReceiptPublisher> logger) : IAsyncDisposable
{
    private readonly PublishChannelPool _channels = new(options.Value.PublishChannels);

    public async Task<PublishOutcome> PublishAsync(string exchange, Guid receiptId, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        if (!broker.IsReady || broker.Current is not { } connection) return PublishOutcome.BrokerUnavailable;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PublishTimeout);
        IChannel channel;
        try
        {
            channel = await _channels.RentAsync(connection, timeout.Token);
        }
        catch (Exception e) when (IsBrokerFailure(e))
        {
            LogPublishFailed(logger, receiptId, e.Message);
            return PublishOutcome.BrokerUnavailable;
        }

        var reusable = false;
        // A producer span of its own, so the consumers' spans hang below the publish that fed them.
        using var activity = GatewayTelemetry.Source.StartActivity($"{exchange} publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation", "publish");
        activity?.SetTag("messaging.destination.name", exchange);
        activity?.SetTag("messaging.message.id", receiptId.ToString());
        try
        {
            var properties = new BasicProperties
            {
                ContentType = "application/json",
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = receiptId.ToString(),
                AppId = "mesh-gateway",
                // The request's own context when nothing records the producer span.
                Headers = TraceContextHeaders.For(activity ?? Activity.Current),
            };
            await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, message, timeout.Token);
            reusable = true;
            return PublishOutcome.Confirmed;
        }
        catch (PublishException e)
        {
            // The broker answered; the channel is still fine for the next publish.
            reusable = true;
            var reason = e.IsReturn ? "returned: no queue is bound to the exchange" : "nacked by the broker";
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            LogPublishFailed(logger, receiptId, reason);
            return e.IsReturn ? PublishOutcome.Unroutable : PublishOutcome.Nacked;
        }
        catch (Exception e) when (IsBrokerFailure(e))
        {
            // Abandoned mid-publish (timeout) or the channel broke: the channel is not reused.
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogPublishFailed(logger, receiptId, e.Message);
            return PublishOutcome.Unconfirmed;
        }
        finally
        {
            await _channels.ReturnAsync(channel, reusable);
        }
    }

    /// <summary>A lost connection, a closed channel or a timeout: the caller should retry later, not see a 500.</summary>
    private static bool IsBrokerFailure(Exception e) =>
        e is OperationCanceledException or RabbitMQClientException or IOException or ObjectDisposedException;

    public ValueTask DisposeAsync() => _channels.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt {ReceiptId} was not confirmed by RabbitMQ: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, Guid receiptId, string reason);
}
