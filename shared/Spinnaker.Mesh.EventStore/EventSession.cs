using System.Text.Json;
using Npgsql;
using Spinnaker.Mesh.EventStore.Internal;

namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// A unit of work: collects appends, inbox marks and other writes, then commits them all in one transaction with
/// <see cref="SaveChangesAsync"/>. Holds no connection until then, so it needs no disposing; not thread-safe.
/// </summary>
public sealed class EventSession
{
    private readonly EventStore _store;
    private readonly List<PendingAppend> _appends = [];
    private readonly List<InboxEntry> _inbox = [];
    private readonly List<Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<AppendResult>, CancellationToken, Task>> _operations = [];

    internal EventSession(EventStore store) => _store = store;

    /// <summary>
    /// Appends events to a stream, created on first append. Events whose id is already stored are skipped.
    /// </summary>
    /// <param name="streamType">What the stream is (e.g. <c>execution</c>); recorded when the stream is created.</param>
    /// <param name="expectedVersion">
    /// null: any version; 0: the stream must be new; N: the stream must be at version N. Checked only against events
    /// not yet stored, so replaying a committed append succeeds as a no-op.
    /// </param>
    public void Append(string tenant, string streamId, string streamType, long? expectedVersion, params IEnumerable<NewEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentException.ThrowIfNullOrEmpty(streamType);
        ArgumentNullException.ThrowIfNull(events);
        if (expectedVersion < 0)
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "An expected version is 0 (new stream) or more.");

        // Serialize now, once: a type error surfaces at the call that caused it, and the data cannot change before the save.
        var pending = events.Select(Serialize).ToList();
        if (pending.Count == 0)
            throw new ArgumentException($"Nothing to append to stream '{streamId}'.", nameof(events));
        _appends.Add(new PendingAppend(new StreamKey(tenant, streamId), streamType, expectedVersion, pending));
    }

    /// <summary>Records that <paramref name="consumer"/> handled <paramref name="messageId"/>, atomically with the rest of the session.</summary>
    /// <remarks>If a concurrent delivery commits the same mark first, the save fails with <see cref="MessageAlreadyProcessedException"/>.</remarks>
    public void MarkProcessed(string consumer, Guid messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        var entry = new InboxEntry(consumer, messageId);
        if (!_inbox.Contains(entry)) _inbox.Add(entry);
    }

    /// <summary>Whether <paramref name="consumer"/> already committed <paramref name="messageId"/> (check before doing the work).</summary>
    public Task<bool> IsProcessedAsync(string consumer, Guid messageId, CancellationToken ct = default) =>
        _store.IsProcessedAsync(consumer, messageId, ct);

    /// <summary>
    /// A write of the service's own that must commit or roll back with the events (e.g. rejection rows). Runs after
    /// the events are stored and the inline projections applied, in the order enqueued.
    /// </summary>
    public void Enqueue(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _operations.Add((connection, transaction, _, ct) => operation(connection, transaction, ct));
    }

    /// <summary>
    /// Like <see cref="Enqueue"/>, for a write that depends on what the save appended (which events were new is known
    /// only once the store compared ids). Receives the same results <see cref="SaveChangesAsync"/> will return.
    /// </summary>
    public void BeforeCommit(Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<AppendResult>, CancellationToken, Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _operations.Add(operation);
    }

    /// <summary>
    /// Commits everything collected in one transaction, then forgets it. On failure nothing is committed and the
    /// work stays collected. Returns one result per stream appended to, in the order first appended.
    /// </summary>
    /// <exception cref="ConcurrencyException">A stream was not at the expected version, or another writer won a race for it.</exception>
    /// <exception cref="MessageAlreadyProcessedException">A message marked processed was committed by a concurrent delivery.</exception>
    public async Task<IReadOnlyList<AppendResult>> SaveChangesAsync(CancellationToken ct = default)
    {
        if (_appends.Count == 0 && _inbox.Count == 0 && _operations.Count == 0) return [];
        var operation = new SaveChangesOperation(_store.Sql, _store.Projections, [.. _appends], [.. _inbox], [.. _operations]);
        await using var connection = await _store.DataSource.OpenConnectionAsync(ct);
        var results = await operation.ExecuteAsync(connection, ct);
        _appends.Clear();
        _inbox.Clear();
        _operations.Clear();
        return results;
    }

    private PendingEvent Serialize(NewEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Id == Guid.Empty) throw new ArgumentException("An event needs an id (derive it from the source message).", nameof(e));
        ArgumentNullException.ThrowIfNull(e.Data);
        var type = e.Data.GetType();
        var json = _store.Options.JsonSerializerOptions;
        return new PendingEvent(
            e.Id,
            e.Data,
            _store.Options.Events.AliasFor(type),
            JsonSerializer.Serialize(e.Data, type, json),
            e.Metadata is null ? null : JsonSerializer.SerializeToElement(e.Metadata, e.Metadata.GetType(), json));
    }
}
