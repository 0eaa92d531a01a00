using Npgsql;
using NpgsqlTypes;

namespace Spinnaker.Mesh.Ingest.Receipts;

/// <summary>
/// <c>ingest.receipts</c>: one row per processed receipt, written in the batch's transaction (first outcome wins, so a
/// redelivery that finds everything stored does not overwrite the original counts).
/// </summary>
internal sealed class ReceiptLog(NpgsqlDataSource db)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS ingest.receipts (
            receipt_id uuid PRIMARY KEY,
            tenant text NOT NULL,
            received_at timestamptz NOT NULL,
            processed_at timestamptz NOT NULL,
            echo_type text,
            status text NOT NULL,
            events_appended int NOT NULL,
            events_already_stored int NOT NULL,
            stream_ids text[] NOT NULL,
            reason text
        );
        """;

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ReceiptOutcome> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        // stream_ids is text[] per row; unnest cannot take a jagged array, so it travels as one text per row.
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingest.receipts (receipt_id, tenant, received_at, processed_at, echo_type, status,
                                         events_appended, events_already_stored, stream_ids, reason)
            SELECT r.id, r.tenant, r.received, r.processed, r.echo_type, r.status, r.appended, r.stored,
                   CASE WHEN r.streams = '' THEN '{}'::text[] ELSE string_to_array(r.streams, E'\n') END, r.reason
            FROM unnest(@ids, @tenants, @received, @processed, @types, @statuses, @appended, @stored, @streams, @reasons)
                 AS r(id, tenant, received, processed, echo_type, status, appended, stored, streams, reason)
            ON CONFLICT (receipt_id) DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.ReceiptId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("tenants", rows.Select(r => r.Tenant).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("received", rows.Select(r => r.ReceivedAt).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("processed", rows.Select(r => r.ProcessedAt).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("types", rows.Select(r => r.EchoType).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", rows.Select(r => r.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("appended", rows.Select(r => r.EventsAppended).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("stored", rows.Select(r => r.EventsAlreadyStored).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("streams", rows.Select(r => string.Join('\n', r.StreamIds)).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("reasons", rows.Select(r => r.Reason).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
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
