using Npgsql;
using Spinnaker.Mesh.EventStore;

namespace Spinnaker.Mesh.EventStore.Tests.Support;

/// <summary>
/// A read model of started and completed stage counts per stream, updated inline. Also remembers the size of every
/// batch it was handed, so specs can see what the store passed it.
/// </summary>
public sealed class StageCountProjection(string schema) : IInlineProjection
{
    private readonly List<int> _batches = [];

    public string Name => "stage-counts";

    public string Table => $"{schema}.stage_counts";

    public IReadOnlyList<int> Batches
    {
        get { lock (_batches) return [.. _batches]; }
    }

    public void ForgetBatches()
    {
        lock (_batches) _batches.Clear();
    }

    public async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            CREATE TABLE IF NOT EXISTS {Table} (
                tenant text NOT NULL,
                stream_id text NOT NULL,
                started int NOT NULL,
                completed int NOT NULL,
                PRIMARY KEY (tenant, stream_id)
            )
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> appended, CancellationToken ct)
    {
        lock (_batches) _batches.Add(appended.Count);
        var counts = appended
            .GroupBy(e => (e.Tenant, e.StreamId))
            .Select(g => (g.Key, Started: g.Count(e => e.Data is StageStarted), Completed: g.Count(e => e.Data is StageCompleted)))
            .ToList();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Table} AS t (tenant, stream_id, started, completed)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
            ON CONFLICT (tenant, stream_id) DO UPDATE
            SET started = t.started + excluded.started, completed = t.completed + excluded.completed
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = counts.Select(c => c.Key.Tenant).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = counts.Select(c => c.Key.StreamId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = counts.Select(c => c.Started).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = counts.Select(c => c.Completed).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"TRUNCATE {Table}", connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}
