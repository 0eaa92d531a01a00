using System.Text.Json;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Ingest.Rejections;

/// <summary>
/// The <c>ingest.rejections</c> table: one row per rejected receipt (the receipt id is the key, so a redelivered
/// message records nothing twice). Rows are written in the same transaction as the batch's events.
/// </summary>
internal sealed class RejectionStore(NpgsqlDataSource db)
{
    /// <summary>The table as Weasel creates and migrates it, with the index the newest-first listing reads.</summary>
    public static Table Table { get; } = BuildTable();

    private static Table BuildTable()
    {
        var table = new Table($"{IngestModule.Schema}.rejections");
        table.AddColumn<Guid>("receipt_id").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("received_at", "timestamptz").NotNull();
        table.AddColumn("rejected_at", "timestamptz").NotNull();
        table.AddColumn("echo_type", "text").AllowNulls();
        table.AddColumn("reason", "text").NotNull();
        table.AddColumn("event", "jsonb").NotNull();
        table.Indexes.Add(new IndexDefinition("rejections_newest")
        {
            Columns = ["tenant", "rejected_at DESC", "receipt_id"],
        });
        return table;
    }

    /// <summary>Queues the rows in the session: they commit with the batch's events, or not at all.</summary>
    public static void Queue(IDocumentSession session, IReadOnlyList<(Rejection Rejection, JsonElement Event)> rows)
    {
        if (rows.Count == 0) return;
        session.QueueSqlCommand("""
            INSERT INTO ingest.rejections (receipt_id, tenant, received_at, rejected_at, echo_type, reason, event)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::jsonb[])
            ON CONFLICT (receipt_id) DO NOTHING
            """,
            rows.Select(r => r.Rejection.ReceiptId).ToArray(),
            rows.Select(r => r.Rejection.Tenant).ToArray(),
            rows.Select(r => r.Rejection.ReceivedAt).ToArray(),
            rows.Select(r => r.Rejection.RejectedAt).ToArray(),
            rows.Select(r => r.Rejection.EchoType).ToArray(),
            rows.Select(r => r.Rejection.Reason).ToArray(),
            rows.Select(r => r.Event.GetRawText()).ToArray());
    }

    public async Task<IReadOnlyList<Rejection>> ListAsync(string tenant, int limit, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT receipt_id, tenant, received_at, rejected_at, echo_type, reason
            FROM ingest.rejections WHERE tenant = @tenant
            ORDER BY rejected_at DESC, receipt_id LIMIT @limit
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("limit", limit);
        var list = new List<Rejection>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new Rejection(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        return list;
    }

    /// <summary>The Echo event of one rejection, as received, for inspection or replay.</summary>
    public async Task<string?> GetEventAsync(string tenant, Guid receiptId, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT event::text FROM ingest.rejections WHERE tenant = @tenant AND receipt_id = @id");
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("id", receiptId);
        return await command.ExecuteScalarAsync(ct) as string;
    }
}
