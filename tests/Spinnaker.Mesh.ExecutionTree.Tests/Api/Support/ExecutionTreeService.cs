using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.ExecutionTree.Consumers;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

/// <summary>
/// The execution-tree service as its own process on a fresh database and virtual host, fed by a MassTransit bus of
/// the test that publishes normalized events as ingest does (MessageId = EventId), and queried over HTTP with the
/// tenant header the gateway would set. The same bus has a consumer of the service's regression events.
/// </summary>
internal sealed class ExecutionTreeService : IAsyncDisposable
{
    private static readonly MeshService Catalogued = MeshCatalog.Named("execution-tree");

    private TestPostgres _postgres = null!;
    private TestRabbitMq _rabbitMq = null!;
    private MeshProcess _process = null!;
    private IHost _bus = null!;
    private int _published;

    public HttpClient Http { get; private set; } = null!;
    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The service's event store, as the service configures it, for reading what it stored through Marten.</summary>
    public DocumentStore Store { get; private set; } = null!;
    public ReceivedRegressions Regressions { get; } = new();

    public string Logs => _process?.Output ?? "";

    public static async Task<ExecutionTreeService> StartAsync()
    {
        var service = new ExecutionTreeService();
        service._postgres = await TestPostgres.CreateAsync();
        service._rabbitMq = await TestRabbitMq.CreateAsync();
        service.Database = service._postgres.CreateDataSource();
        // The service first: it declares its queue and bindings, so the first publish is routed.
        service._process = await Catalogued.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = service._postgres.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = service._rabbitMq.ConnectionString,
        });
        service.Store = ExecutionTreeStore.Create(service.Database);
        service.Http = new HttpClient { BaseAddress = service._process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(service.Regressions);
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConsumer<RegressionSubscriber>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(service._rabbitMq.ConnectionString));
                cfg.ConfigureEndpoints(context);
            });
        });
        service._bus = builder.Build();
        await service._bus.StartAsync();
        await service.Bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        return service;
    }

    private IBusControl Bus => _bus.Services.GetRequiredService<IBusControl>();

    /// <summary>Publishes each event as ingest does, one after another, in the order given.</summary>
    public async Task PublishAsync(IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            var (eventId, _) = ExecutionEvents.Identify(e);
            await Bus.Publish(e, e.GetType(), publish => publish.MessageId = eventId);
            Interlocked.Increment(ref _published);
        }
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

    /// <summary>Polls <c>GET /api/executions/{id}</c> (bounded) until the tree satisfies <paramref name="done"/>.</summary>
    public async Task<JsonElement> TreeAsync(string tenant, string executionId, Func<JsonElement, bool> done, string what)
    {
        var text = await Eventually.GetAsync(async () =>
        {
            using var response = await GetAsync($"api/executions/{executionId}", tenant);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, json => json is not null && done(JsonDocument.Parse(json).RootElement), TimeSpan.FromSeconds(30), $"{what}\n{Logs}");
        return JsonDocument.Parse(text!).RootElement.Clone();
    }

    /// <summary>A completed run's tree: its final status is in, so its last snapshot of every stage is too.</summary>
    public Task<JsonElement> CompletedTreeAsync(PipelineRun run) =>
        TreeAsync(run.Tenant, run.ExecutionId, tree => tree.GetProperty("status").GetString() == run.Status,
            $"execution {run.ExecutionId} to be {run.Status}");

    /// <summary>
    /// Waits (bounded) until the tenant's streams hold <paramref name="events"/> events, read through Marten: every
    /// distinct event is applied (the read model commits with the append).
    /// </summary>
    public async Task StoredAsync(string tenant, long events) =>
        await Eventually.GetAsync(() => Store.EventCountAsync(tenant),
            count => count >= events, TimeSpan.FromSeconds(30), $"{events} events of tenant {tenant} to be stored\n{Logs}");

    /// <summary>
    /// Waits (bounded) until the service acknowledged every message this test published, duplicates included,
    /// as the broker's management statistics report it (they refresh every few seconds).
    /// </summary>
    public async Task DrainedAsync() =>
        await Eventually.GetAsync(async () =>
        {
            using var queue = JsonDocument.Parse(await _rabbitMq.GetQueueJsonAsync(ExecutionTreeModule.Queue));
            var root = queue.RootElement;
            var acked = root.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("ack", out var ack) ? ack.GetInt64() : 0;
            var waiting = root.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
            return (acked, waiting);
        }, q => q.acked >= Volatile.Read(ref _published) && q.waiting == 0, TimeSpan.FromSeconds(60),
            $"{_published} published messages to be acknowledged\n{Logs}");

    /// <summary>
    /// Runs the service's dll with <paramref name="args"/> (Marten's command line: <c>projections rebuild</c>,
    /// <c>db-assert</c>...) against the same database and broker, as an operator would beside the running service.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";
        var project = Catalogued.Project;
        var dll = Path.Combine(MeshProcess.RepositoryRoot, project, "bin", configuration, "net10.0", Path.GetFileName(project) + ".dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__postgres"] = _postgres.ConnectionString;
        start.Environment["ConnectionStrings__rabbitmq"] = _rabbitMq.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task<long> CountAsync(string sql, string tenant)
    {
        await using var command = Database.CreateCommand(sql);
        command.Parameters.AddWithValue("tenant", tenant);
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

    public sealed class ReceivedRegressions
    {
        public ConcurrentQueue<ConsumeContext<ExecutionDurationRegressed>> Messages { get; } = new();
    }

    /// <summary>Another service's view: it knows the contract only.</summary>
    public sealed class RegressionSubscriber(ReceivedRegressions received) : IConsumer<ExecutionDurationRegressed>
    {
        public Task Consume(ConsumeContext<ExecutionDurationRegressed> context)
        {
            received.Messages.Enqueue(context);
            return Task.CompletedTask;
        }
    }
}
