using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EventStore.Tests.Support;

/// <summary>
/// A fresh database per fixture with a migrated store in schema <see cref="Schema"/>. Derived fixtures arrange their
/// situation in their own [OneTimeSetUp] (it runs after this one) and assert one outcome per test.
/// </summary>
[NonParallelizable]
public abstract class EventStoreSpec
{
    protected const string Schema = "specs";
    protected const string Tenant = "acme";

    private TestPostgres? _postgres;

    protected NpgsqlDataSource DataSource { get; private set; } = null!;
    protected EventStore Store { get; private set; } = null!;
    protected StageCountProjection Counts { get; } = new(Schema);

    [OneTimeSetUp]
    public async Task CreateDatabaseAndStore()
    {
        _postgres = await TestPostgres.CreateAsync();
        DataSource = _postgres.CreateDataSource();
        Store = CreateStore();
        await Store.MigrateAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (DataSource is not null) await DataSource.DisposeAsync();
        if (_postgres is null) return;
        // DROP DATABASE ... WITH (FORCE) cannot end a backend of another role, such as an autovacuum worker that
        // PostgreSQL started on the fresh database after our writes; it is gone within moments, so try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _postgres.DisposeAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                await Task.Delay(500);
            }
        }
    }

    protected EventStore CreateStore(int rebuildBatchSize = 1000, string schema = Schema)
    {
        var options = new EventStoreOptions { Schema = schema, RebuildBatchSize = rebuildBatchSize };
        TestEvents.Register(options.Events);
        options.Projections.Add(Counts);
        return new EventStore(DataSource, options);
    }

    protected async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await command.ExecuteNonQueryAsync();
    }

    protected Task<long> CountEventsAsync(string tenant, string streamId) =>
        ScalarAsync<long>($"SELECT count(*) FROM {Schema}.events WHERE tenant = $1 AND stream_id = $2", tenant, streamId);

    protected async Task<long?> StreamVersionAsync(string tenant, string streamId)
    {
        await using var command = DataSource.CreateCommand($"SELECT version FROM {Schema}.streams WHERE tenant = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        return (long?)await command.ExecuteScalarAsync();
    }

    /// <summary>(started, completed) from the projection's table, or null when it has no row for the stream.</summary>
    protected async Task<(int Started, int Completed)?> StageCountsAsync(string tenant, string streamId)
    {
        await using var command = DataSource.CreateCommand($"SELECT started, completed FROM {Counts.Table} WHERE tenant = $1 AND stream_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
    }

    /// <summary>Holds until another session of this database is blocked on a lock (bounded; throws on timeout).</summary>
    protected Task WaitUntilAnotherSessionWaitsOnALockAsync() =>
        Eventually.GetAsync(
            () => ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
            waiting => waiting > 0,
            TimeSpan.FromSeconds(10),
            "a second writer to block on the stream lock");
}
