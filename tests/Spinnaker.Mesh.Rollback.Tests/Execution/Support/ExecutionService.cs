using Marten;
using Npgsql;
using Spinnaker.Mesh.Testing;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Tests.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Execution.Support;

/// <summary>
/// The rollback service as its own process against a <see cref="StubGate"/>, with a store of the test configured like
/// the service's to seed approved decisions (the proposing side is not needed for the executor) and read them back.
/// </summary>
internal sealed class ExecutionService : IAsyncDisposable
{
    public const string Tenant = "acme";

    private ExecutionService(RollbackService service, StubGate gate, NpgsqlDataSource database)
    {
        Service = service;
        Gate = gate;
        Database = database;
        Store = RollbackStore.Create(database);
    }

    public RollbackService Service { get; }
    public StubGate Gate { get; }
    public NpgsqlDataSource Database { get; }
    public DocumentStore Store { get; }

    /// <summary>Retries 200 ms apart (doubling) so that specs do not wait; everything else as configured by default.</summary>
    public static async Task<ExecutionService> StartAsync(IDictionary<string, string>? settings = null)
    {
        var gate = StubGate.Start();
        var environment = gate.Settings;
        environment["Mesh__Rollback__Execution__RetryDelay"] = "00:00:00.200";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;
        var service = await RollbackService.StartAsync(environment);
        return new ExecutionService(service, gate, NpgsqlDataSource.Create(service.Isolated.Postgres.ConnectionString));
    }

    /// <summary>Seeds an approved decision and publishes its RollbackApproved as the proposing side would.</summary>
    public async Task<DecisionSeed> ApproveAsync(string decisionId, string pipeline)
    {
        var seed = new DecisionSeed(Tenant, decisionId) { RollbackPipeline = pipeline };
        await seed.AppendAsync(Store);
        await Service.PublishAsync(seed.Approved);
        return seed;
    }

    /// <summary>Polls (bounded) until the decision's status is <paramref name="status"/>.</summary>
    public async Task<RollbackDecision> UntilAsync(string decisionId, string status) =>
        (await Testing.Eventually.GetAsync(() => Store.DecisionAsync(Tenant, decisionId), d => d?.Status == status, TimeSpan.FromSeconds(60),
            $"decision {decisionId} to be {status}\n{Service.Logs}"))!;

    /// <summary>Polls (bounded) until the test's bus received <paramref name="count"/> <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public Task<IReadOnlyList<T>> ReceivedAsync<T>(Func<T, bool> match, int count = 1) where T : class =>
        Testing.Eventually.GetAsync(() => Task.FromResult<IReadOnlyList<T>>([.. Service.Messages.Of<T>().Where(match)]), m => m.Count >= count,
            TimeSpan.FromSeconds(60), $"{count} {typeof(T).Name}\n{Service.Logs}");

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await Database.DisposeAsync();
        await Service.DisposeAsync();
        Gate.Dispose();
    }
}
