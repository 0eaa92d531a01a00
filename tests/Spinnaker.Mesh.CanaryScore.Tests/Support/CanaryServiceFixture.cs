using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using RabbitMQ.Client;
using Spinnaker.Mesh.CanaryScore.Consumers;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>
/// The canary-score service as its own process on a fresh database and virtual host. It is fed as in production:
/// normalized execution events published by a MassTransit bus of the test as ingest publishes them (MessageId =
/// EventId), and Kayenta statuses published raw to <c>mesh.kayenta-webhooks</c> as the gateway publishes them. The same
/// bus consumes the service's <see cref="CanaryJudged"/> and <see cref="CanaryTrendChanged"/>. Queried over HTTP with
/// the tenant header the gateway would set.
/// </summary>
internal sealed class CanaryServiceFixture : IAsyncDisposable
{
    public const string ProductionAccount = "prod-us";

    private static readonly MeshService Catalogued = MeshCatalog.Named("canary-score");

    private TestPostgres _postgres = null!;
    private TestRabbitMq _rabbitMq = null!;
    private MeshProcess _process = null!;
    private IHost _bus = null!;
    private IConnection _raw = null!;
    private long _rawPublished;

    public HttpClient Http { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public Received Messages { get; } = new();
    public string Logs => _process?.Output ?? "";

    public static async Task<CanaryServiceFixture> StartAsync()
    {
        var service = new CanaryServiceFixture();
        service._postgres = await TestPostgres.CreateAsync();
        service._rabbitMq = await TestRabbitMq.CreateAsync();
        service.Database = service._postgres.CreateDataSource();
        // The service first: it declares its queues and their bindings, so the first publish is routed.
        service._process = await Catalogued.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = service._postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = service._rabbitMq.ConnectionString,
            [$"Mesh__CanaryScore__AccountEnvironments__{ProductionAccount}"] = "production",
        });
        service.Http = new HttpClient { BaseAddress = service._process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(service.Messages);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConsumer<JudgmentSubscriber>();
            x.AddConsumer<TrendSubscriber>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(service._rabbitMq.ConnectionString));
                cfg.Publish<IExecutionEvent>(p => p.Exclude = true);
                cfg.ConfigureEndpoints(context);
            });
        });
        service._bus = builder.Build();
        await service._bus.StartAsync();
        await service.Bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        service._raw = await new ConnectionFactory { Uri = new Uri(service._rabbitMq.ConnectionString) }.CreateConnectionAsync();
        return service;
    }

    private IBusControl Bus => _bus.Services.GetRequiredService<IBusControl>();

    /// <summary>Publishes each event as ingest does, one after another.</summary>
    public async Task PublishAsync(IEnumerable<IExecutionEvent> events)
    {
        foreach (var e in events) await Bus.Publish(e, e.GetType(), p => p.MessageId = e.EventId);
    }

    /// <summary>
    /// Publishes a Kayenta status as the gateway does after a <c>POST /webhooks/kayenta</c>: raw JSON receipt,
    /// persistent, mandatory, MessageId = receipt id, confirmed by the broker. Returns the receipt id.
    /// </summary>
    public async Task<Guid> PostKayentaAsync(string tenant, JsonObject status, Guid? receiptId = null)
    {
        var id = receiptId ?? Guid.CreateVersion7();
        await using var channel = await _raw.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = id.ToString(),
            AppId = "mesh-gateway",
        };
        await channel.BasicPublishAsync(KayentaCanaryConsumerDefinition.GatewayExchange, "", mandatory: true, properties,
            KayentaStatuses.RawMessage(id, tenant, status));
        Interlocked.Increment(ref _rawPublished);
        return id;
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Mesh-Tenant", tenant);
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path, string tenant)
    {
        using var response = await GetAsync(path, tenant);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls <c>GET /api/canary/scores/{id}</c> (bounded) until the run satisfies <paramref name="done"/>.</summary>
    public async Task<JsonElement> JudgmentAsync(string tenant, string judgmentId, Func<JsonElement, bool>? done = null, string? what = null)
    {
        var text = await Eventually.GetAsync(async () =>
        {
            using var response = await GetAsync($"api/canary/scores/{Uri.EscapeDataString(judgmentId)}", tenant);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, json => json is not null && (done?.Invoke(JsonDocument.Parse(json).RootElement) ?? true), TimeSpan.FromSeconds(30),
            $"{what ?? $"canary run {judgmentId}"} of tenant {tenant}\n{Logs}");
        return JsonDocument.Parse(text!).RootElement.Clone();
    }

    /// <summary>Polls a list endpoint until it answers <paramref name="count"/> items under <paramref name="member"/>.</summary>
    public async Task<JsonElement> ListAsync(string path, string tenant, string member, int count) =>
        await Eventually.GetAsync(() => GetJsonAsync(path, tenant), list => list.GetProperty(member).GetArrayLength() >= count,
            TimeSpan.FromSeconds(30), $"{count} {member} at {path}\n{Logs}");

    /// <summary>The events stored in a canary run's stream (all sources).</summary>
    public async Task<long> StoredEventsAsync(string tenant, string streamId)
    {
        await using var command = Database.CreateCommand("SELECT count(*) FROM canary_score.mt_events WHERE tenant_id = $1 AND stream_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits (bounded) until the service acknowledged <paramref name="acks"/> messages on a queue, as the broker's statistics report it.</summary>
    public async Task AcknowledgedAsync(string queue, long acks) =>
        await Eventually.GetAsync(async () =>
        {
            using var json = JsonDocument.Parse(await _rabbitMq.GetQueueJsonAsync(queue));
            var root = json.RootElement;
            var acked = root.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("ack", out var ack) ? ack.GetInt64() : 0;
            var waiting = root.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
            return (acked, waiting);
        }, q => q.acked >= acks && q.waiting == 0, TimeSpan.FromSeconds(60), $"{acks} messages on {queue} to be acknowledged\n{Logs}");

    /// <summary>How many Kayenta statuses this fixture published: what the service must have acknowledged once idle.</summary>
    public long KayentaPublished => Interlocked.Read(ref _rawPublished);

    public async ValueTask DisposeAsync()
    {
        if (_raw is not null) await _raw.DisposeAsync();
        if (_bus is not null)
        {
            await _bus.StopAsync();
            _bus.Dispose();
        }
        Http?.Dispose();
        if (_process is not null) await _process.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
        if (_rabbitMq is not null) await _rabbitMq.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    /// <summary>What the service published, as another service would receive it (it knows the contracts only).</summary>
    public sealed class Received
    {
        public ConcurrentQueue<ConsumeContext<CanaryJudged>> Judgments { get; } = new();
        public ConcurrentQueue<ConsumeContext<CanaryTrendChanged>> Trends { get; } = new();

        public IReadOnlyList<ConsumeContext<CanaryJudged>> JudgmentsOf(string tenant) => [.. Judgments.Where(j => j.Message.Tenant == tenant)];
        public IReadOnlyList<ConsumeContext<CanaryTrendChanged>> TrendsOf(string tenant) => [.. Trends.Where(j => j.Message.Tenant == tenant)];
    }

    public sealed class JudgmentSubscriber(Received received) : IConsumer<CanaryJudged>
    {
        public Task Consume(ConsumeContext<CanaryJudged> context)
        {
            received.Judgments.Enqueue(context);
            return Task.CompletedTask;
        }
    }

    public sealed class TrendSubscriber(Received received) : IConsumer<CanaryTrendChanged>
    {
        public Task Consume(ConsumeContext<CanaryTrendChanged> context)
        {
            received.Trends.Enqueue(context);
            return Task.CompletedTask;
        }
    }
}
