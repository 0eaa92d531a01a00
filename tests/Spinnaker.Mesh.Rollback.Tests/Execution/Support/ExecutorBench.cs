using Marten;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Execution.Support;

/// <summary>
/// The executor, the verifier and the sweep as the service wires them, on a database of their own with the service's
/// store, an in-test Gate (<see cref="ScriptedGate"/>) and MassTransit's in-memory test harness as the broker.
/// </summary>
internal sealed class ExecutorBench : IAsyncDisposable
{
    private TestPostgres _postgres = null!;
    private ServiceProvider _bus = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public ITestHarness Broker { get; private set; } = null!;

    public static async Task<ExecutorBench> CreateAsync()
    {
        var bench = new ExecutorBench { _postgres = await TestPostgres.CreateAsync() };
        bench.Database = bench._postgres.CreateDataSource();
        bench.Store = RollbackStore.Create(bench.Database);
        await bench.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        bench._bus = new ServiceCollection().AddMassTransitTestHarness().BuildServiceProvider(true);
        bench.Broker = bench._bus.GetRequiredService<ITestHarness>();
        await bench.Broker.Start();
        return bench;
    }

    public IPublishEndpoint Publisher => Broker.Bus;

    public ExecutionOutbox Outbox => new(Store, Database, NullLogger<ExecutionOutbox>.Instance);

    public DecisionExecutor Executor(ScriptedGate gate, ExecutionOptions? options = null) =>
        new(Store, Database, gate, Outbox, Microsoft.Extensions.Options.Options.Create(options ?? Fast()), TimeProvider.System,
            NullLogger<DecisionExecutor>.Instance);

    public RollbackVerifier Verifier => new(Store, Outbox, NullLogger<RollbackVerifier>.Instance);

    public DecisionSweep Sweep(ScriptedGate gate, ExecutionOptions? options = null) =>
        new(Store, Executor(gate, options), Outbox, Broker.Bus, Microsoft.Extensions.Options.Options.Create(options ?? Fast()),
            TimeProvider.System, NullLogger<DecisionSweep>.Instance);

    /// <summary>The defaults, with retries a few milliseconds apart so that specs do not wait.</summary>
    public static ExecutionOptions Fast() => new() { RetryDelay = TimeSpan.FromMilliseconds(20) };

    /// <summary>What the bench published of <typeparamref name="T"/>, with the message ids it was published under.</summary>
    public IReadOnlyList<(T Message, Guid? MessageId)> Published<T>() where T : class =>
        [.. Broker.Published.Select<T>().Select(p => (p.Context.Message, p.Context.MessageId))];

    public async Task<long> OutboxCountAsync()
    {
        await using var command = Database.CreateCommand($"SELECT count(*) FROM {ExecutionOutbox.TableName}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Broker is not null) await Broker.Stop();
        if (_bus is not null) await _bus.DisposeAsync();
        Store?.Dispose();
        if (Database is not null) await Database.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
