using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Ingest.Receipts;

/// <summary>
/// <c>ingest.receipts</c>: one row per processed receipt, written in the batch's transaction (first outcome wins, so a
/// redelivery that finds everything stored does not overwrite the original counts).
/// </summary>
internal sealed class ReceiptLog(NpgsqlDataSource db)
{
    /// <summary>The table as Weasel creates and migrates it.</summary>
    public static Table Table { get; } = BuildTable();

    private static Table BuildTable()
    {
        var table = new Table($"{IngestModule.Schema}.receipts");
        table.AddColumn<Guid>("receipt_id").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("received_at", "timestamptz").NotNull();
        table.AddColumn("processed_at", "timestamptz").NotNull();
        table.AddColumn("echo_type", "text").AllowNulls();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn<int>("events_appended").NotNull();
        table.AddColumn<int>("events_already_stored").NotNull();
        table.AddColumn("stream_ids", "text[]").NotNull();
        table.AddColumn("reason", "text").AllowNulls();
        return table;
    }

    /// <summary>Queues the rows in the session: they commit with the batch's events, or not at all.</summary>
    public static void Queue(IDocumentSession session, IReadOnlyList<ReceiptOutcome> rows)
    {
        if (rows.Count == 0) return;
        // stream_ids is text[] per row; unnest cannot take a jagged array, so it travels as one text per row.
        session.QueueSqlCommand("""
            INSERT INTO ingest.receipts (receipt_id, tenant, received_at, processed_at, echo_type, status,
                                         events_appended, events_already_stored, stream_ids, reason)
            SELECT r.id, r.tenant, r.received, r.processed, r.echo_type, r.status, r.appended, r.stored,
                   CASE WHEN r.streams = '' THEN '{}'::text[] ELSE string_to_array(r.streams, E'\n') END, r.reason
            FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[])
                 AS r(id, tenant, received, processed, echo_type, status, appended, stored, streams, reason)
            ON CONFLICT (receipt_id) DO NOTHING
            """,
            rows.Select(r => r.ReceiptId).ToArray(),
            rows.Select(r => r.Tenant).ToArray(),
            rows.Select(r => r.ReceivedAt).ToArray(),
            rows.Select(r => r.ProcessedAt).ToArray(),
            rows.Select(r => r.EchoType).ToArray(),
            rows.Select(r => r.Status).ToArray(),
            rows.Select(r => r.EventsAppended).ToArray(),
            rows.Select(r => r.EventsAlreadyStored).ToArray(),
            rows.Select(r => string.Join('\n', r.StreamIds)).ToArray(),
            rows.Select(r => r.Reason).ToArray());
    }

    public async Task<ReceiptOutcome?> FindAsync(string tenant, Guid receiptId, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT receipt_id, tenant, received_at, processed_at, echo_type, status, events_appended, events_already_stored, stream_ids, reason
            FROM ingest.receipts WHERE tenant = @tenant AND receipt_id = @id
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("id", receiptId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ReceiptOutcome(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5),
            reader.GetInt32(6), reader.GetInt32(7), reader.GetFieldValue<string[]>(8), reader.IsDBNull(9) ? null : reader.GetString(9));
    }
}
