using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Spinnaker.Mesh.Ingest.Rejections;

/// <summary>
/// The <c>ingest.rejections</c> table: one row per rejected receipt (the receipt id is the key, so a redelivered
/// message records nothing twice). Rows are written in the same transaction as the batch's events.
/// </summary>
internal sealed class RejectionStore(NpgsqlDataSource db)
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS ingest.rejections (
            receipt_id uuid PRIMARY KEY,
            tenant text NOT NULL,
            received_at timestamptz NOT NULL,
            rejected_at timestamptz NOT NULL,
            echo_type text,
            reason text NOT NULL,
            event jsonb NOT NULL
        );
        CREATE INDEX IF NOT EXISTS rejections_newest ON ingest.rejections (tenant, rejected_at DESC, receipt_id);
        """;

    public static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(Rejection Rejection, JsonElement Event)> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingest.rejections (receipt_id, tenant, received_at, rejected_at, echo_type, reason, event)
            SELECT * FROM unnest(@ids, @tenants, @received, @rejected, @types, @reasons, @events::jsonb[])
            ON CONFLICT (receipt_id) DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Rejection.ReceiptId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("tenants", rows.Select(r => r.Rejection.Tenant).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("received", rows.Select(r => r.Rejection.ReceivedAt).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("rejected", rows.Select(r => r.Rejection.RejectedAt).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("types", rows.Select(r => r.Rejection.EchoType).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("reasons", rows.Select(r => r.Rejection.Reason).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("events", rows.Select(r => r.Event.GetRawText()).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
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
