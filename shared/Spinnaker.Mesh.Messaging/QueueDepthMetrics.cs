using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Spinnaker.Mesh.Messaging;

/// <summary>
/// How far behind each receive endpoint is, and what waits in its <c>_error</c> queue, as two observable gauges
/// tagged with the endpoint's queue name:
/// <list type="bullet">
/// <item><c>mesh.messaging.queue.ready</c> (Prometheus <c>mesh_messaging_queue_ready</c>): messages ready in the
/// endpoint's queue, i.e. consumer lag.</item>
/// <item><c>mesh.messaging.error_queue.ready</c> (<c>mesh_messaging_error_queue_ready</c>): messages in the
/// endpoint's <c>_error</c> queue, which only an operator empties.</item>
/// </list>
/// Counts come from a passive queue declare (the broker's own count, exact for quorum queues, unlike the management
/// statistics), two per endpoint every <see cref="RefreshInterval"/> on one channel of its own, so a scrape never
/// waits on the broker. MassTransit creates an error queue at the first fault; until then it reads 0 and is looked
/// for again only every <see cref="MissingQueueRecheck"/> refreshes, because each miss costs the broker a channel.
/// </summary>
public sealed partial class QueueDepthMetrics : BackgroundService
{
    public const string MeterName = "Spinnaker.Mesh.Messaging";
    public const string QueueTag = "queue";
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);
    public const int MissingQueueRecheck = 6;

    private readonly ConcurrentDictionary<string, Depth> _endpoints = new(StringComparer.Ordinal);
    private readonly IConfiguration _configuration;
    private readonly ILogger<QueueDepthMetrics> _logger;
    private IConnection? _connection;
    private IChannel? _channel;
    private long _refreshes;

    public QueueDepthMetrics(IMeterFactory meters, IConfiguration configuration, ILogger<QueueDepthMetrics> logger)
    {
        _configuration = configuration;
        _logger = logger;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("mesh.messaging.queue.ready", () => Measure(d => d.Ready), "{message}",
            "Messages ready in a receive endpoint's queue: how far its consumers are behind");
        meter.CreateObservableGauge("mesh.messaging.error_queue.ready", () => Measure(d => d.Errors), "{message}",
            "Messages in a receive endpoint's _error queue, waiting for an operator");
    }

    /// <summary>The queues being measured (receive endpoints that are ready), for tests and diagnostics.</summary>
    public IReadOnlyCollection<string> Queues => _endpoints.Keys.ToList();

    internal void Watch(string queue) => _endpoints.TryAdd(queue, new Depth(0, 0, ErrorQueueSeen: true));

    private IEnumerable<Measurement<long>> Measure(Func<Depth, long> figure) =>
        _endpoints.Select(e => new Measurement<long>(figure(e.Value), new KeyValuePair<string, object?>(QueueTag, e.Key)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            // Whatever goes wrong here must not stop the service (a background failure would end the host): measure
            // again on the next tick, on a fresh connection.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(_logger, e.Message);
                await CloseAsync();
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        if (_endpoints.IsEmpty) return;
        var recheckMissing = _refreshes++ % MissingQueueRecheck == 0;
        foreach (var (queue, depth) in _endpoints)
        {
            var ready = await CountAsync(queue, ct) ?? 0;
            var errors = depth.ErrorQueueSeen || recheckMissing ? await CountAsync(queue + "_error", ct) : null;
            _endpoints[queue] = new Depth(ready, errors ?? 0, ErrorQueueSeen: errors is not null);
        }
    }

    /// <summary>The ready-message count of <paramref name="queue"/>, or null when it does not exist (yet).</summary>
    private async Task<long?> CountAsync(string queue, CancellationToken ct)
    {
        var channel = await ChannelAsync(ct);
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, ct);
            return declared.MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            // The broker closed the channel over the missing queue: the next count opens a new one.
            await channel.DisposeAsync();
            _channel = null;
            return null;
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken ct)
    {
        if (_connection is not { IsOpen: true })
        {
            await CloseAsync();
            var factory = new ConnectionFactory
            {
                Uri = MeshMessaging.RabbitMqAddress(_configuration),
                ClientProvidedName = "mesh-queue-depth",
            };
            _connection = await factory.CreateConnectionAsync(ct);
        }
        if (_channel is not { IsOpen: true }) _channel = await _connection.CreateChannelAsync(cancellationToken: ct);
        return _channel;
    }

    private async Task CloseAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        _channel = null;
        _connection = null;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await CloseAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read queue depths from RabbitMQ ({Reason}); retrying")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    private readonly record struct Depth(long Ready, long Errors, bool ErrorQueueSeen);

    /// <summary>Adds every durable receive endpoint to the measured queues once it is ready.</summary>
    internal sealed class EndpointWatcher(QueueDepthMetrics metrics) : IReceiveEndpointObserver
    {
        public Task Ready(ReceiveEndpointReady ready)
        {
            // The bus's own reply queue is temporary (auto-delete): nothing queues up there worth watching.
            var address = ready.InputAddress;
            var query = address.Query;
            if (!query.Contains("temporary=true", StringComparison.OrdinalIgnoreCase)
                && !query.Contains("autodelete=true", StringComparison.OrdinalIgnoreCase))
                metrics.Watch(address.Segments[^1].Trim('/'));
            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
        public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
        public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
    }
}
