using Npgsql;

namespace Spinnaker.Mesh.EventStore.Internal;

/// <summary>
/// One session's unit of work, in one transaction and a fixed number of round trips:
/// 1. lock every stream touched (creating missing ones) and learn which event ids are already stored;
/// 2. decide versions in memory: skip present events, check expected versions, before any sequence number is drawn,
///    so a losing writer leaves no hole in seq;
/// 3. insert all events, bump stream versions and write inbox rows in one batch;
/// 4. run inline projections over the appended events, then the caller's own writes (Enqueue, BeforeCommit); commit.
/// </summary>
internal sealed class SaveChangesOperation(
    EventStoreSql sql,
    IReadOnlyList<IInlineProjection> projections,
    IReadOnlyList<PendingAppend> appends,
    IReadOnlyList<InboxEntry> inbox,
    IReadOnlyList<Func<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<AppendResult>, CancellationToken, Task>> operations)
{
    /// <summary>The events to insert, in the session's append order across streams, which seq will follow.</summary>
    private readonly List<EventRow> _rows = [];

    public async Task<IReadOnlyList<AppendResult>> ExecuteAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var streams = appends.Count == 0 ? [] : await LockStreamsAndPlanAsync(connection, transaction, ct);
        var appended = await WriteAsync(connection, transaction, streams, ct);
        if (appended.Count > 0)
            foreach (var projection in projections)
                await projection.ApplyAsync(connection, transaction, appended, ct);
        var results = streams.Select(s => s.ToResult()).ToList();
        foreach (var operation in operations)
            await operation(connection, transaction, results, ct);
        await transaction.CommitAsync(ct);
        return results;
    }

    /// <summary>Returns the touched streams in the order the session first appended to them, with their new events numbered.</summary>
    private async Task<List<StreamPlan>> LockStreamsAndPlanAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var streams = new Dictionary<StreamKey, StreamPlan>();
        var inAppendOrder = new List<StreamPlan>();
        foreach (var append in appends)
        {
            if (streams.ContainsKey(append.Stream)) continue;
            var plan = new StreamPlan(append.Stream, append.StreamType);
            streams.Add(append.Stream, plan);
            inAppendOrder.Add(plan);
        }
        var sorted = streams.Keys.Order().ToArray();
        var tenants = sorted.Select(k => k.Tenant).ToArray();
        var ids = sorted.Select(k => k.Id).ToArray();
        var eventIds = appends.SelectMany(a => a.Events).Select(e => e.Id).Distinct().ToArray();

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(sql.InsertMissingStreams, tenants, ids, sorted.Select(k => streams[k].StreamType).ToArray()));
        batch.BatchCommands.Add(Command(sql.LockStreams, tenants, ids));
        // After the lock: a writer we waited for has committed, so its events count as present.
        batch.BatchCommands.Add(Command(sql.PresentEventIds, eventIds));
        // Ids already stored, then also every id this session appends: a repeated id keeps its first occurrence.
        var known = new HashSet<Guid>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                streams[new StreamKey(reader.GetString(0), reader.GetString(1))].Lock(reader.GetInt64(2));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                known.Add(reader.GetGuid(0));
        }

        foreach (var stream in inAppendOrder.Where(s => !s.IsLocked))
            throw new ConcurrencyException(stream.Key.Tenant, stream.Key.Id, null, null, "Its row disappeared while it was being locked.");

        foreach (var append in appends)
        {
            var stream = streams[append.Stream];
            var fresh = append.Events.Where(e => known.Add(e.Id)).ToList();
            stream.Skipped += append.Events.Count - fresh.Count;
            // Every event already stored: a replay of a committed append, so its expected version no longer matters.
            if (fresh.Count == 0) continue;
            if (append.ExpectedVersion is { } expected && expected != stream.Version)
                throw new ConcurrencyException(stream.Key.Tenant, stream.Key.Id, expected, stream.Version);
            foreach (var e in fresh)
                _rows.Add(new EventRow(e, stream, ++stream.Version));
        }
        return inAppendOrder;
    }

    /// <summary>Returns the appended events in seq order.</summary>
    private async Task<List<StoredEvent>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<StreamPlan> streams, CancellationToken ct)
    {
        var rows = _rows;
        var grown = streams.Where(s => s.Version > s.LockedVersion).ToList();
        // A stream created by this session whose events all turned out to be stored elsewhere would stay behind empty.
        var empty = streams.Where(s => s.Version == 0).ToList();

        await using var batch = new NpgsqlBatch(connection, transaction);
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(sql.InsertEvents,
                rows.Select(r => r.Event.Id).ToArray(),
                rows.Select(r => r.Stream.Key.Tenant).ToArray(),
                rows.Select(r => r.Stream.Key.Id).ToArray(),
                rows.Select(r => r.Version).ToArray(),
                rows.Select(r => r.Event.Type).ToArray(),
                rows.Select(r => r.Event.DataJson).ToArray(),
                rows.Select(r => r.Event.Metadata?.GetRawText()).ToArray()));
            batch.BatchCommands.Add(Command(sql.UpdateStreamVersions,
                grown.Select(s => s.Key.Tenant).ToArray(), grown.Select(s => s.Key.Id).ToArray(), grown.Select(s => s.Version).ToArray()));
        }
        if (empty.Count > 0)
            batch.BatchCommands.Add(Command(sql.DeleteEmptyStreams, empty.Select(s => s.Key.Tenant).ToArray(), empty.Select(s => s.Key.Id).ToArray()));
        if (inbox.Count > 0)
            batch.BatchCommands.Add(Command(sql.InsertInbox, inbox.Select(m => m.Consumer).ToArray(), inbox.Select(m => m.MessageId).ToArray()));
        if (batch.BatchCommands.Count == 0) return [];

        var stored = new Dictionary<Guid, (long Seq, DateTimeOffset CreatedAt)>(rows.Count);
        var marked = new HashSet<InboxEntry>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            // Only the two RETURNING statements produce result sets; the reader skips the others.
            if (rows.Count > 0)
            {
                while (await reader.ReadAsync(ct))
                    stored.Add(reader.GetGuid(0), (reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
                await reader.NextResultAsync(ct);
            }
            if (inbox.Count > 0)
                while (await reader.ReadAsync(ct))
                    marked.Add(new InboxEntry(reader.GetString(0), reader.GetGuid(1)));
        }

        if (rows.FirstOrDefault(r => !stored.ContainsKey(r.Event.Id)) is { } lost)
            throw await LostRaceAsync(connection, transaction, lost, ct);
        foreach (var message in inbox.Where(m => !marked.Contains(m)))
            throw new MessageAlreadyProcessedException(message.Consumer, message.MessageId);

        var appended = new List<StoredEvent>(rows.Count);
        foreach (var row in rows)
        {
            var (seq, createdAt) = stored[row.Event.Id];
            var e = new StoredEvent(seq, row.Event.Id, row.Stream.Key.Tenant, row.Stream.Key.Id, row.Version,
                row.Event.Type, row.Event.Data, row.Event.Metadata, createdAt);
            row.Stream.Appended.Add(e);
            appended.Add(e);
        }
        appended.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return appended;
    }

    /// <summary>
    /// A row the insert skipped means another writer holds its version or its event id, bypassing our stream lock
    /// (the unique keys are the last guard). Report the stream as it is now; the transaction rolls back on throw.
    /// </summary>
    private async Task<ConcurrencyException> LostRaceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EventRow lost, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql.LastStoredVersion, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lost.Stream.Key.Tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lost.Stream.Key.Id });
        var actual = (long)(await command.ExecuteScalarAsync(ct))!;
        return new ConcurrencyException(lost.Stream.Key.Tenant, lost.Stream.Key.Id, lost.Stream.LockedVersion, actual,
            $"Event {lost.Event.Id} could not be stored as version {lost.Version}: that version or that event id was taken by another writer.");
    }

    private static NpgsqlBatchCommand Command<T1>(string text, T1 p1) =>
        new(text) { Parameters = { new NpgsqlParameter<T1> { TypedValue = p1 } } };

    private static NpgsqlBatchCommand Command<T1, T2>(string text, T1 p1, T2 p2) =>
        new(text) { Parameters = { new NpgsqlParameter<T1> { TypedValue = p1 }, new NpgsqlParameter<T2> { TypedValue = p2 } } };

    private static NpgsqlBatchCommand Command<T1, T2, T3>(string text, T1 p1, T2 p2, T3 p3) =>
        new(text)
        {
            Parameters =
            {
                new NpgsqlParameter<T1> { TypedValue = p1 }, new NpgsqlParameter<T2> { TypedValue = p2 }, new NpgsqlParameter<T3> { TypedValue = p3 },
            },
        };

    private static NpgsqlBatchCommand Command<T1, T2, T3, T4, T5, T6, T7>(string text, T1 p1, T2 p2, T3 p3, T4 p4, T5 p5, T6 p6, T7 p7) =>
        new(text)
        {
            Parameters =
            {
                new NpgsqlParameter<T1> { TypedValue = p1 }, new NpgsqlParameter<T2> { TypedValue = p2 }, new NpgsqlParameter<T3> { TypedValue = p3 },
                new NpgsqlParameter<T4> { TypedValue = p4 }, new NpgsqlParameter<T5> { TypedValue = p5 }, new NpgsqlParameter<T6> { TypedValue = p6 },
                new NpgsqlParameter<T7> { TypedValue = p7 },
            },
        };

    /// <summary>What this save does to one stream.</summary>
    private sealed class StreamPlan(StreamKey key, string streamType)
    {
        public StreamKey Key { get; } = key;
        public string StreamType { get; } = streamType;
        public bool IsLocked { get; private set; }
        public long LockedVersion { get; private set; }
        public long Version { get; set; }
        public int Skipped { get; set; }
        public List<StoredEvent> Appended { get; } = [];

        public void Lock(long version)
        {
            IsLocked = true;
            LockedVersion = Version = version;
        }

        public AppendResult ToResult() => new(Key.Tenant, Key.Id, Version, Appended, Skipped);
    }

    /// <summary>An event with the stream version it will take.</summary>
    private sealed record EventRow(PendingEvent Event, StreamPlan Stream, long Version);
}
