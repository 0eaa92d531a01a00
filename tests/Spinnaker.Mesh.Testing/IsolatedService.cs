using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using RabbitMQ.Client;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// One catalogued Mesh service as its own process (the built dll, as <c>./mesh up</c> runs it) on a fresh database and
/// virtual host, fed as in production: a MassTransit bus of the test publishes contracts as ingest does (MessageId =
/// EventId) and consumes what the service publishes, and raw JSON goes to a webhook exchange as the gateway publishes
/// it. Called over HTTP with the tenant header the gateway would set. Each service's test support wraps one of these
/// with what its specs need.
/// </summary>
public sealed class IsolatedService : IAsyncDisposable
{
    private IHost? _bus;
    private IConnection? _raw;
    private long _published;
    private long _rawPublished;
    private Dictionary<string, string> _environment = [];
    private string _earlierLogs = "";

    private IsolatedService(MeshService catalogued, TestPostgres postgres, TestRabbitMq rabbitMq)
    {
        Catalogued = catalogued;
        Postgres = postgres;
        RabbitMq = rabbitMq;
        Database = postgres.CreateDataSource();
    }

    public MeshService Catalogued { get; }
    public TestPostgres Postgres { get; }
    public TestRabbitMq RabbitMq { get; }
    public NpgsqlDataSource Database { get; }
    public MeshProcess Process { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IBusControl Bus => _bus!.Services.GetRequiredService<IBusControl>();
    /// <summary>What the service wrote, earlier processes' output (before a <see cref="RestartAsync"/>) included.</summary>
    public string Logs => _earlierLogs + (Process?.Output ?? "");

    /// <summary>Messages published on <see cref="Bus"/> and raw ones, duplicates included: what the service must acknowledge.</summary>
    public long Published => Interlocked.Read(ref _published);
    public long RawPublished => Interlocked.Read(ref _rawPublished);

    /// <summary>The connection settings a process of this service (or a command run beside it) needs.</summary>
    public IReadOnlyDictionary<string, string> Infrastructure => new Dictionary<string, string>
    {
        ["ConnectionStrings__postgres"] = Postgres.ConnectionString,
        ["ConnectionStrings__rabbitmq"] = RabbitMq.ConnectionString,
    };

    /// <param name="name">The workload's name in services.catalog.</param>
    /// <param name="settings">Environment variables for the service beside the connection strings.</param>
    /// <param name="subscribers">Consumers of the test's bus, for what the service publishes (endpoints configured by convention).</param>
    /// <param name="services">Registrations those consumers need.</param>
    public static async Task<IsolatedService> StartAsync(string name, IDictionary<string, string>? settings = null,
        Action<IBusRegistrationConfigurator>? subscribers = null, Action<IServiceCollection>? services = null)
    {
        var service = new IsolatedService(MeshCatalog.Named(name), await TestPostgres.CreateAsync(), await TestRabbitMq.CreateAsync());
        var environment = new Dictionary<string, string>(service.Infrastructure);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        // The service first: it creates its schema and declares its queues and bindings, so the first publish is routed.
        service._environment = environment;
        service.Process = await service.Catalogued.StartAsync(environment);
        // A minute: some calls do real work before they answer (a DORA settings change reclassifies every application).
        service.Http = new HttpClient { BaseAddress = service.Process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var builder = Host.CreateApplicationBuilder();
        services?.Invoke(builder.Services);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            subscribers?.Invoke(x);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(service.RabbitMq.ConnectionString));
                cfg.Publish<Contracts.Executions.V1.IExecutionEvent>(p => p.Exclude = true);
                cfg.ConfigureEndpoints(context);
            });
        });
        service._bus = builder.Build();
        await service._bus.StartAsync();
        await service.Bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return service;
    }

    /// <summary>
    /// Kills the service's process (as a crash or an evicted pod would: no shutdown) and starts it again on the same
    /// database and virtual host, with <paramref name="settings"/> changed or added. <see cref="Http"/> points at the new one.
    /// </summary>
    public async Task RestartAsync(IDictionary<string, string>? settings = null)
    {
        _earlierLogs += Process.Output;
        await Process.DisposeAsync();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) _environment[key] = value;
        Process = await Catalogued.StartAsync(_environment);
        Http.Dispose();
        Http = new HttpClient { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Publishes a contract message as Mesh's publishers do: MessageId = its deterministic event id.</summary>
    public async Task PublishAsync(object message, Guid messageId)
    {
        await Bus.Publish(message, message.GetType(), publish => publish.MessageId = messageId);
        Interlocked.Increment(ref _published);
    }

    /// <summary>
    /// Publishes a raw JSON message to a fanout exchange as the gateway does after a webhook: persistent, mandatory,
    /// MessageId = receipt id, confirmed by the broker.
    /// </summary>
    public async Task PublishRawAsync(string exchange, Guid messageId, ReadOnlyMemory<byte> body)
    {
        _raw ??= await new ConnectionFactory { Uri = new Uri(RabbitMq.ConnectionString) }.CreateConnectionAsync();
        await using var channel = await _raw.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = messageId.ToString(),
            AppId = "mesh-gateway",
        };
        await channel.BasicPublishAsync(exchange, "", mandatory: true, properties, body);
        Interlocked.Increment(ref _rawPublished);
    }

    /// <summary>A request with the tenant header (none when <paramref name="tenant"/> is null: the service's default tenant).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? tenant, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (tenant is not null) request.Headers.Add("X-Mesh-Tenant", tenant);
        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? tenant) => SendAsync(HttpMethod.Get, path, tenant);

    /// <summary>GETs and asserts a success status; the body as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, string? tenant)
    {
        using var response = await GetAsync(path, tenant);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Waits (bounded) until the service acknowledged <paramref name="acks"/> messages on <paramref name="queue"/> and
    /// none wait there, as the broker's management statistics report it (they refresh every few seconds).
    /// </summary>
    public async Task AcknowledgedAsync(string queue, long acks) =>
        await Eventually.GetAsync(async () =>
        {
            using var json = JsonDocument.Parse(await RabbitMq.GetQueueJsonAsync(queue));
            var root = json.RootElement;
            var acked = root.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("ack", out var ack) ? ack.GetInt64() : 0;
            var waiting = root.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
            return (acked, waiting);
        }, q => q.acked >= acks && q.waiting == 0, TimeSpan.FromSeconds(60), $"{acks} messages on {queue} to be acknowledged\n{Logs}");

    /// <summary>A <c>count(*)</c> (or any bigint scalar) over the service's database.</summary>
    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_raw is not null) await _raw.DisposeAsync();
        if (_bus is not null)
        {
            await _bus.StopAsync();
            _bus.Dispose();
        }
        Http?.Dispose();
        if (Process is not null) await Process.DisposeAsync();
        await Database.DisposeAsync();
        await RabbitMq.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
