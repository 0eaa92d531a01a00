using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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
    private IsolatedService _service = null!;

    public HttpClient Http => _service.Http;
    public NpgsqlDataSource Database => _service.Database;

    /// <summary>The service's event store, as the service configures it, for reading what it stored through Marten.</summary>
    public DocumentStore Store { get; private set; } = null!;
    public ReceivedRegressions Regressions { get; } = new();

    public string Logs => _service?.Logs ?? "";

    public static async Task<ExecutionTreeService> StartAsync()
    {
        var tree = new ExecutionTreeService();
        tree._service = await IsolatedService.StartAsync("execution-tree",
            subscribers: x => x.AddConsumer<RegressionSubscriber>(),
            services: s => s.AddSingleton(tree.Regressions));
        tree.Store = ExecutionTreeStore.Create(tree.Database);
        return tree;
    }

    /// <summary>Publishes each event as ingest does, one after another, in the order given.</summary>
    public async Task PublishAsync(IEnumerable<object> events)
    {
        foreach (var e in events) await _service.PublishAsync(e, ExecutionEvents.Identify(e).EventId);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string tenant) => _service.GetAsync(path, tenant);

    public Task<JsonElement> GetJsonAsync(string path, string tenant) => _service.GetJsonAsync(path, tenant);

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
    public Task DrainedAsync() => _service.AcknowledgedAsync(ExecutionTreeModule.Queue, _service.Published);

    /// <summary>
    /// Runs the service's dll with <paramref name="args"/> (Marten's command line: <c>projections rebuild</c>,
    /// <c>db-assert</c>...) against the same database and broker, as an operator would beside the running service.
    /// </summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";
        var project = _service.Catalogued.Project;
        var dll = Path.Combine(MeshProcess.RepositoryRoot, project, "bin", configuration, "net10.0", Path.GetFileName(project) + ".dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _service.Infrastructure) start.Environment[key] = value;
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
        Store?.Dispose();
        if (_service is not null) await _service.DisposeAsync();
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
