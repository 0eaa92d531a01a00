using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventStore;

namespace Spinnaker.Mesh.Ingest.Timeline;

/// <summary>
/// Orders an execution's events by the time Orca says they happened, not by arrival: Echo delivers out of order, so
/// the stream's version order depends on luck while this order does not. Updated inline, in the append's transaction.
/// </summary>
internal sealed class ExecutionTimelineProjection : IInlineProjection
{
    public string Name => "execution-timeline";

    public async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS ingest.execution_timeline (
                tenant text NOT NULL,
                execution_id text NOT NULL,
                occurred_at timestamptz NOT NULL,
                step smallint NOT NULL,
                event_id uuid NOT NULL,
                PRIMARY KEY (tenant, execution_id, occurred_at, step, event_id)
            );
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StoredEvent> appended, CancellationToken ct)
    {
        var rows = appended.Select(e => (e, step: TimelineStep.Of(e.Data))).Where(r => r.step is not null).ToList();
        if (rows.Count == 0) return;
        await using var command = new NpgsqlCommand("""
            INSERT INTO ingest.execution_timeline (tenant, execution_id, occurred_at, step, event_id)
            SELECT * FROM unnest(@tenants, @executions, @times, @steps, @ids)
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("tenants", rows.Select(r => r.e.Tenant).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("executions", rows.Select(r => r.e.StreamId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("times", rows.Select(r => TimelineStep.OccurredAt(r.e.Data)).ToArray())
            { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<short[]>("steps", rows.Select(r => r.step!.Value).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.e.Id).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ResetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("TRUNCATE ingest.execution_timeline", connection, transaction);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Where an event sits among events of the same instant: a start comes before what ran inside it, an end after.</summary>
internal static class TimelineStep
{
    public static short? Of(object data) => data switch
    {
        PipelineStarted or OrchestrationStarted => 0,
        StageStarted => 1,
        TaskStarted => 2,
        TaskCompleted => 3,
        ManualJudgmentResolved => 4,
        StageCompleted => 5,
        PipelineCompleted or OrchestrationCompleted => 6,
        _ => null,
    };

    public static DateTimeOffset OccurredAt(object data) => data is IExecutionEvent e
        ? e.OccurredAt
        : throw new ArgumentOutOfRangeException(nameof(data), data.GetType().Name, "not an execution event");
}
