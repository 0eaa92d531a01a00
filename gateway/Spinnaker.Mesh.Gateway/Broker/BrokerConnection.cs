using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Spinnaker.Mesh.Gateway.Webhooks;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>
/// The gateway's one RabbitMQ connection. The gateway starts even when the broker is down: this service keeps trying
/// in the background, and once connected the client's automatic recovery takes over. Every webhook's exchange is
/// declared after every (re)connect, because a broker that lost its state would otherwise drop every receipt.
/// </summary>
internal sealed partial class BrokerConnection(
    IConfiguration configuration,
    IOptions<BrokerOptions> options,
    IEnumerable<WebhookSource> webhooks,
    ILogger<BrokerConnection> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private volatile IConnection? _connection;
    private volatile bool _exchangesDeclared;

    /// <summary>The durable fanout exchanges of the registered webhooks; consumers bind their own queues to them.</summary>
    public IReadOnlyList<string> Exchanges { get; } = webhooks.Select(w => w.Exchange).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Connected and every exchange is in place: receipts can be published.</summary>
    public bool IsReady => _connection is { IsOpen: true } && _exchangesDeclared;

    /// <summary>The open connection, or null while the broker is unreachable.</summary>
    public IConnection? Current => _connection is { IsOpen: true } connection ? connection : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = CreateFactory();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _connection ??= await ConnectAsync(factory, stoppingToken);
                if (_connection.IsOpen && !_exchangesDeclared) await DeclareExchangesAsync(_connection, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogNotReady(logger, factory.Endpoint.ToString(), e.Message);
            }
            // Woken early by a recovery; otherwise re-check periodically.
            await _wake.WaitAsync(options.Value.ReconnectInterval, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_connection is { } connection)
        {
            await connection.CloseAsync(cancellationToken);
            await connection.DisposeAsync();
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private ConnectionFactory CreateFactory() => new()
    {
        Uri = MeshConnections.RabbitMqAddress(configuration),
        AutomaticRecoveryEnabled = true,
        TopologyRecoveryEnabled = true,
        NetworkRecoveryInterval = options.Value.ReconnectInterval,
        ClientProvidedName = "mesh-gateway",
    };

    private async Task<IConnection> ConnectAsync(ConnectionFactory factory, CancellationToken ct)
    {
        var connection = await factory.CreateConnectionAsync(ct);
        connection.ConnectionShutdownAsync += OnShutdownAsync;
        connection.RecoverySucceededAsync += OnRecoveredAsync;
        LogConnected(logger, factory.Endpoint.ToString(), factory.VirtualHost);
        return connection;
    }

    private async Task DeclareExchangesAsync(IConnection connection, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        foreach (var exchange in Exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, cancellationToken: ct);
            LogExchangeDeclared(logger, exchange);
        }
        _exchangesDeclared = true;
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs args)
    {
        _exchangesDeclared = false;
        if (args.Initiator != ShutdownInitiator.Application) LogConnectionLost(logger, args.ReplyText);
        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object sender, AsyncEventArgs args)
    {
        _wake.Release();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to RabbitMQ at {Endpoint}, virtual host {VirtualHost}")]
    private static partial void LogConnected(ILogger logger, string endpoint, string virtualHost);

    [LoggerMessage(Level = LogLevel.Information, Message = "Declared the fanout exchange {Exchange}")]
    private static partial void LogExchangeDeclared(ILogger logger, string exchange);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ at {Endpoint} is not ready yet ({Reason}); retrying")]
    private static partial void LogNotReady(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the RabbitMQ connection ({Reason}); recovering automatically")]
    private static partial void LogConnectionLost(ILogger logger, string reason);
}
