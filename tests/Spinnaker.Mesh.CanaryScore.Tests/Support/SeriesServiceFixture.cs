using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>
/// The canary-score service as its own process on a fresh database and virtual host; samples written straight into
/// its store with <see cref="SeriesWriter"/> (as the judgments are), execution events published as ingest publishes
/// them (MessageId = EventId), and its Prometheus API called over HTTP.
/// </summary>
internal sealed class SeriesServiceFixture : IAsyncDisposable
{
    private static readonly MeshService Catalogued = MeshCatalog.Named("canary-score");

    private TestPostgres _postgres = null!;
    private TestRabbitMq _rabbitMq = null!;
    private MeshProcess _process = null!;
    private IHost _bus = null!;
    private int _published;

    public HttpClient Http { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public int Port => _process.Port;
    public string Logs => _process?.Output ?? "";

    public static async Task<SeriesServiceFixture> StartAsync(IDictionary<string, string>? settings = null)
    {
        var service = new SeriesServiceFixture();
        service._postgres = await TestPostgres.CreateAsync();
        service._rabbitMq = await TestRabbitMq.CreateAsync();
        service.Database = service._postgres.CreateDataSource();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = service._postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = service._rabbitMq.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        // The service first: it creates its tables and declares its queue, so the first publish is routed.
        service._process = await Catalogued.StartAsync(environment);
        service.Store = SeriesStoreFixture.CreateStore(service.Database);
        service.Http = new HttpClient { BaseAddress = service._process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMassTransit(x => x.UsingRabbitMq((_, cfg) => cfg.Host(new Uri(service._rabbitMq.ConnectionString))));
        service._bus = builder.Build();
        await service._bus.StartAsync();
        await service.Bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return service;
    }

    private IBusControl Bus => _bus.Services.GetRequiredService<IBusControl>();

    public async Task WriteAsync(string tenant, IEnumerable<SeriesSample> samples)
    {
        await using var session = Store.LightweightSession();
        session.QueueSamples(tenant, samples);
        await session.SaveChangesAsync();
    }

    /// <summary>Publishes each event as ingest does (MessageId = EventId), in the order given, duplicates included.</summary>
    public async Task PublishAsync(IEnumerable<IExecutionEvent> events)
    {
        foreach (var e in events)
        {
            await Bus.Publish(e, e.GetType(), publish => publish.MessageId = e.EventId);
            Interlocked.Increment(ref _published);
        }
    }

    /// <summary>Waits (bounded) until the service acknowledged every published message, as the broker's statistics report it.</summary>
    public async Task DrainedAsync() =>
        await Eventually.GetAsync(async () =>
        {
            using var queue = JsonDocument.Parse(await _rabbitMq.GetQueueJsonAsync(SeriesModule.Queue));
            var root = queue.RootElement;
            var acked = root.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("ack", out var ack) ? ack.GetInt64() : 0;
            var waiting = root.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
            return (acked, waiting);
        }, q => q.acked >= Volatile.Read(ref _published) && q.waiting == 0, TimeSpan.FromSeconds(60),
            $"{_published} published messages to be acknowledged\n{Logs}");

    public async Task<HttpResponseMessage> GetAsync(string path, string? tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null) request.Headers.Add("X-Mesh-Tenant", tenant);
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, string? tenant, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        if (tenant is not null) request.Headers.Add("X-Mesh-Tenant", tenant);
        return await Http.SendAsync(request);
    }

    /// <summary>Status, content type and body of a GET.</summary>
    public async Task<(int Status, string? ContentType, string Body)> CallAsync(string path, string? tenant)
    {
        using var response = await GetAsync(path, tenant);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
            _bus.Dispose();
        }
        Http?.Dispose();
        if (_process is not null) await _process.DisposeAsync();
        Store?.Dispose();
        if (Database is not null) await Database.DisposeAsync();
        if (_rabbitMq is not null) await _rabbitMq.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
