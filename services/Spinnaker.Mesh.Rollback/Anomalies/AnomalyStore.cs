using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>The window before one rollback whose anomalies to list: its application, its cluster (null: any), its start.</summary>
internal sealed record AnomalyWindow(string Application, string? ClusterKey, DateTimeOffset Before);

/// <summary>Writes anomalies once per reporting message and lists those that preceded rollbacks.</summary>
internal sealed class AnomalyStore(NpgsqlDataSource db)
{
    /// <summary>At most this many anomalies (the latest) are listed with one rollback.</summary>
    public const int MaxPerRollback = 100;

    private const string InsertSql = """
        INSERT INTO rollback.anomalies (event_id, tenant, application, cluster, cluster_key, kind, at, summary, execution_id, reference)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (event_id) DO NOTHING
        """;

    /// <summary>Stores the anomalies not stored yet; returns how many were new.</summary>
    public async Task<int> RecordAsync(IReadOnlyList<Anomaly> anomalies, CancellationToken ct)
    {
        if (anomalies.Count == 0) return 0;
        await using var batch = db.CreateBatch();
        foreach (var a in anomalies)
        {
            var command = new NpgsqlBatchCommand(InsertSql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = a.EventId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.Tenant });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.Application });
            command.Parameters.Add(Text(a.Cluster));
            command.Parameters.Add(Text(a.ClusterKey));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.Kind });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = a.At.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.Summary });
            command.Parameters.Add(Text(a.ExecutionId));
            command.Parameters.Add(Text(a.Reference));
            batch.BatchCommands.Add(command);
        }
        return await batch.ExecuteNonQueryAsync(ct);
    }

    // Per window, the latest anomalies of the application at or before its end and within the window: on the same
    // cluster, or application-wide (no cluster), or any when the window names no cluster.
    private const string PrecedingSql = """
        SELECT w.position, a.kind, a.at, a.summary, a.execution_id, a.reference
        FROM unnest($2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS w(application, cluster_key, before, position)
        CROSS JOIN LATERAL (
            SELECT x.kind, x.at, x.summary, x.execution_id, x.reference, x.event_id
            FROM rollback.anomalies x
            WHERE x.tenant = $1 AND x.application = w.application
              AND x.at <= w.before AND x.at >= w.before - $5::interval
              AND (w.cluster_key IS NULL OR x.cluster_key IS NULL OR x.cluster_key = w.cluster_key)
            ORDER BY x.at DESC, x.event_id
            LIMIT $6) a
        ORDER BY w.position, a.at, a.event_id
        """;

    /// <summary>For each window, its anomalies, oldest first.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<PrecedingAnomaly>>> PrecedingAsync(
        string tenant, IReadOnlyList<AnomalyWindow> windows, TimeSpan length, CancellationToken ct)
    {
        var found = windows.Select(_ => new List<PrecedingAnomaly>()).ToArray();
        if (windows.Count == 0) return found;
        await using var command = db.CreateCommand(PrecedingSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = windows.Select(w => w.Application).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = windows.Select(w => (object?)w.ClusterKey ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = windows.Select(w => w.Before.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = length, NpgsqlDbType = NpgsqlDbType.Interval });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = MaxPerRollback });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var position = (int)reader.GetInt64(0) - 1;
            found[position].Add(new PrecedingAnomaly(
                reader.GetString(1),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(2), TimeSpan.Zero),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return found;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
