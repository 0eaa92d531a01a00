using Marten;
using MassTransit;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// The contract steps (RollbackTriggered, RollbackSucceeded, RollbackFailed) committed but not yet published: their
/// event ids go into <c>rollback.execution_outbox</c> in the transaction that appends them and leave it once the broker
/// confirmed them. A process that dies between commit and publish leaves the ids behind; the sweep publishes them
/// from the stored events, under the same MessageId, so subscribers see at most a duplicate they recognize.
/// </summary>
internal sealed class ExecutionOutbox(IDocumentStore store, NpgsqlDataSource database, ILogger<ExecutionOutbox> log)
{
    public const string TableName = RollbackModule.Schema + ".execution_outbox";

    public static Table Table { get; } = BuildTable();

    private static Table BuildTable()
    {
        var table = new Table(TableName);
        table.AddColumn<Guid>("event_id").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("queued_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    /// <summary>Queues the events' ids in the session: they commit with the events or not at all.</summary>
    public static void Queue(IDocumentSession session, string tenant, IEnumerable<Guid> eventIds)
    {
        var ids = eventIds.ToArray();
        if (ids.Length == 0) return;
        session.QueueSqlCommand(
            $"INSERT INTO {TableName} (event_id, tenant) SELECT unnest(?::uuid[]), ? ON CONFLICT (event_id) DO NOTHING", ids, tenant);
    }

    /// <summary>Publishes committed contract events (MessageId = EventId), then takes them out of the outbox.</summary>
    public async Task PublishAsync(IPublishEndpoint publisher, IReadOnlyList<(Guid EventId, object Message)> committed, CancellationToken ct)
    {
        if (committed.Count == 0) return;
        foreach (var (id, message) in committed)
            await publisher.Publish(message, message.GetType(), p => p.MessageId = id, ct);
        await DeleteAsync([.. committed.Select(c => c.EventId)], ct);
    }

    private async Task DeleteAsync(Guid[] ids, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"DELETE FROM {TableName} WHERE event_id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Publishes what earlier processes committed and did not get to publish (queued before <paramref name="before"/>).</summary>
    public async Task<int> PublishLeftoversAsync(IPublishEndpoint publisher, DateTimeOffset before, CancellationToken ct)
    {
        var pending = new List<(Guid Id, string Tenant)>();
        await using (var command = database.CreateCommand($"SELECT event_id, tenant FROM {TableName} WHERE queued_at < $1 ORDER BY queued_at LIMIT 500"))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) pending.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        var published = 0;
        foreach (var tenant in pending.GroupBy(p => p.Tenant, StringComparer.Ordinal))
        {
            await using var session = store.QuerySession(tenant.Key);
            var committed = new List<(Guid, object)>();
            foreach (var (id, _) in tenant)
            {
                var stored = await session.Events.LoadAsync(id, ct);
                if (stored is not null) committed.Add((id, stored.Data));
                else log.LogWarning("Outbox entry {EventId} of tenant {Tenant} names no stored event; dropped", id, tenant.Key);
            }
            await PublishAsync(publisher, committed, ct);
            await DeleteAsync([.. tenant.Select(p => p.Id)], ct);
            published += committed.Count;
        }
        return published;
    }
}
