using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EventSourcing.Tests.Support;

/// <summary>
/// A fresh database per fixture with a Marten store built by the kit's conventions in schema <see cref="Schema"/>,
/// migrated. Derived fixtures arrange their situation in their own [OneTimeSetUp] (it runs after this one) and assert
/// one outcome per test.
/// </summary>
[NonParallelizable]
public abstract class MartenSpec
{
    protected const string Schema = "specs";
    protected const string Tenant = "acme";
    protected const string OtherTenant = "globex";

    private TestPostgres? _postgres;

    protected TestPostgres Postgres => _postgres!;
    protected NpgsqlDataSource DataSource { get; private set; } = null!;
    protected DocumentStore Store { get; private set; } = null!;
    protected StageCountProjection Counts { get; } = new(Schema);

    [OneTimeSetUp]
    public async Task CreateDatabaseAndStore()
    {
        _postgres = await TestPostgres.CreateAsync();
        DataSource = _postgres.CreateDataSource();
        Store = DocumentStore.For(options =>
        {
            options.Connection(DataSource);
            MeshEventStore.ConfigureConventions(options, Schema);
            TestEvents.Register(options);
            options.Projections.Add(Counts, ProjectionLifecycle.Inline);
            Configure(options);
        });
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    /// <summary>What a fixture's store adds to the kit's conventions (e.g. event headers).</summary>
    protected virtual void Configure(StoreOptions options)
    {
    }

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        Store?.Dispose();
        if (DataSource is not null) await DataSource.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    /// <summary>Appends with the kit in one session of <see cref="Tenant"/>, commits, returns what was appended.</summary>
    protected async Task<IReadOnlyList<PendingEvent>> AppendAsync(params PendingEvent[] events)
    {
        await using var session = Store.LightweightSession(Tenant);
        var appended = await session.AppendNewAsync(events, CancellationToken.None);
        await session.SaveChangesAsync();
        return appended;
    }

    protected async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected Task<long> CountEventsAsync(string tenant, string streamId) =>
        ScalarAsync<long>($"SELECT count(*) FROM {Schema}.mt_events WHERE tenant_id = $1 AND stream_id = $2", tenant, streamId);

    /// <summary>(started, completed) from the projection's table, or null when it has no row for the stream.</summary>
    protected async Task<(int Started, int Completed)?> StageCountsAsync(string tenant, string streamId)
    {
        await using var command = DataSource.CreateCommand($"SELECT started, completed FROM {Counts.Table} WHERE tenant = $1 AND stream_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = streamId });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetInt32(1)) : null;
    }
}
