using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Npgsql;
using Spinnaker.Mesh.EventStore.Internal;

namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// One service's event store in its own PostgreSQL schema: streams of events per tenant, appended with optimistic
/// concurrency and idempotent by event id, with inline projections and an inbox. One per service (a singleton).
/// </summary>
public sealed partial class EventStore
{
    private readonly StoredEventReader _reader;

    public EventStore(NpgsqlDataSource dataSource, EventStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        if (!SchemaName().IsMatch(options.Schema))
            throw new ArgumentException(
                $"Event store schema '{options.Schema}' is not a plain lower-case identifier (letters, digits, underscores; at most 63).", nameof(options));
        if (options.RebuildBatchSize < 1)
            throw new ArgumentException("RebuildBatchSize must be at least 1.", nameof(options));
        var duplicate = options.Projections.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Two inline projections are named '{duplicate.Key}'.", nameof(options));

        DataSource = dataSource;
        Options = options;
        Sql = new EventStoreSql(options.Schema);
        Projections = [.. options.Projections];
        _reader = new StoredEventReader(options.Events, options.JsonSerializerOptions);
    }

    public EventStoreOptions Options { get; }
    internal NpgsqlDataSource DataSource { get; }
    internal EventStoreSql Sql { get; }
    internal IReadOnlyList<IInlineProjection> Projections { get; }

    /// <summary>
    /// Creates the schema, its tables and every inline projection's tables if missing. Safe to run at every start-up,
    /// and from several replicas at once: a transaction-scoped advisory lock lets one migrate while the others wait.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(EventStoreSql.TakeMigrationLock)
                { Parameters = { new NpgsqlParameter<string> { TypedValue = Sql.MigrationLockKey } } });
            foreach (var statement in Sql.Migration)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
            await batch.ExecuteNonQueryAsync(ct);
        }
        // Npgsql runs every command of a connection in its open transaction, so projections' DDL is inside the lock too.
        foreach (var projection in Projections)
            await projection.EnsureSchemaAsync(connection, ct);
        await transaction.CommitAsync(ct);
    }

    public EventSession OpenSession() => new(this);

    /// <summary>A stream's events in version order, between the inclusive bounds; empty for a stream that does not exist.</summary>
    public async Task<IReadOnlyList<StoredEvent>> FetchStreamAsync(
        string tenant, string streamId, long? fromVersion = null, long? toVersion = null, CancellationToken ct = default)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in ReadStreamAsync(tenant, streamId, fromVersion, toVersion, ct))
            events.Add(e);
        return events;
    }

    /// <summary>
    /// Folds a stream's events (up to <paramref name="toVersion"/>, inclusive) into <typeparamref name="T"/>, starting from
    /// <see cref="IAggregate{TSelf}.Empty"/>; null for a stream without events. Streams rather than buffers the events.
    /// </summary>
    public async Task<T?> AggregateStreamAsync<T>(string tenant, string streamId, long? toVersion = null, CancellationToken ct = default)
        where T : class, IAggregate<T>
    {
        T? state = null;
        await foreach (var e in ReadStreamAsync(tenant, streamId, null, toVersion, ct))
            state = (state ?? T.Empty).Apply(e);
        return state;
    }

    /// <summary>
    /// A page of a tenant's events (or of one of its streams) in global seq order, after <paramref name="afterSeq"/>:
    /// for replaying history to subscribers. Page on with the last event's <see cref="StoredEvent.Seq"/>.
    /// </summary>
    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(
        string tenant, string? streamId, long afterSeq, int limit, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = DataSource.CreateCommand(Sql.ReadTenantEventsAfter);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)streamId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSeq });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            events.Add(_reader.Read(reader));
        return events;
    }

    /// <summary>Whether <paramref name="consumer"/> already committed <paramref name="messageId"/> (see <see cref="EventSession.MarkProcessed"/>).</summary>
    public async Task<bool> IsProcessedAsync(string consumer, Guid messageId, CancellationToken ct = default)
    {
        await using var command = DataSource.CreateCommand(Sql.IsProcessed);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = messageId });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Rebuilds every inline projection (see <see cref="RebuildProjectionAsync"/>), one after another.</summary>
    public async Task RebuildProjectionsAsync(CancellationToken ct = default)
    {
        foreach (var projection in Projections)
            await RebuildAsync(projection, ct);
    }

    /// <summary>
    /// Empties one projection's tables and replays every stored event into it in seq order, batch by batch, in one
    /// transaction: readers see the old read model until the new one commits. Appends that touch the projection's
    /// tables meanwhile wait for that commit, then apply on top of the rebuilt model.
    /// </summary>
    public Task RebuildProjectionAsync(string name, CancellationToken ct = default)
    {
        var projection = Projections.FirstOrDefault(p => p.Name == name)
            ?? throw new ArgumentException($"No inline projection is named '{name}'.", nameof(name));
        return RebuildAsync(projection, ct);
    }

    private async Task RebuildAsync(IInlineProjection projection, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await projection.ResetAsync(connection, transaction, ct);
        var after = 0L;
        while (true)
        {
            var batch = new List<StoredEvent>(Options.RebuildBatchSize);
            await using (var command = new NpgsqlCommand(Sql.ReadEventsAfter, connection, transaction))
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Options.RebuildBatchSize });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    batch.Add(_reader.Read(reader));
            }
            if (batch.Count == 0) break;
            await projection.ApplyAsync(connection, transaction, batch, ct);
            after = batch[^1].Seq;
        }
        await transaction.CommitAsync(ct);
    }

    private async IAsyncEnumerable<StoredEvent> ReadStreamAsync(
        string tenant, string streamId, long? fromVersion, long? toVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        await using var command = DataSource.CreateCommand(Sql.FetchStream);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion ?? 1 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = toVersion ?? long.MaxValue });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return _reader.Read(reader);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
