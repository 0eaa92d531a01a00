using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Spinnaker.Mesh.Ingest.Timeline;

/// <summary><c>GET /api/executions/{executionId}/events</c>: an execution's normalized events in the order they happened.</summary>
internal static class ExecutionEventsEndpoint
{
    public static readonly QueryLimit Limit = new(Default: 500, Max: 5000);

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string executionId, string? limit, string? after, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var tenant = http.GetMeshTenant();
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();
        if (!TimelineCursor.TryParse(after, out var cursor))
            return MeshProblems.InvalidField("after", "after must be a cursor this endpoint returned as nextCursor.", "Invalid cursor");

        await using var connection = await db.OpenConnectionAsync(ct);
        if (!await StreamExistsAsync(connection, tenant, executionId, ct))
            return MeshProblems.NotFound("Execution not found", $"No events were received for execution '{executionId}'.");

        // The jsonb goes to the client as stored: no deserialize/serialize round trip per event.
        await using var command = new NpgsqlCommand("""
            SELECT t.occurred_at, t.step, e.id, e.type, e.version, e.data::text
            FROM ingest.execution_timeline t
            JOIN ingest.mt_events e ON e.id = t.event_id
            WHERE t.tenant = @tenant AND t.execution_id = @execution
              AND (t.occurred_at, t.step, t.event_id) > (@afterTime, @afterStep, @afterId)
            ORDER BY t.occurred_at, t.step, t.event_id
            LIMIT @take
            """, connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("execution", executionId);
        command.Parameters.AddWithValue("afterTime", cursor.OccurredAt);
        command.Parameters.AddWithValue("afterStep", cursor.Step);
        command.Parameters.AddWithValue("afterId", cursor.EventId);
        command.Parameters.AddWithValue("take", take);

        var json = new StringBuilder();
        json.Append("{\"executionId\":").Append(System.Text.Json.JsonSerializer.Serialize(executionId)).Append(",\"events\":[");
        var count = 0;
        TimelineCursor last = cursor;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var occurredAt = reader.GetFieldValue<DateTimeOffset>(0);
                var step = reader.GetInt16(1);
                var id = reader.GetGuid(2);
                if (count++ > 0) json.Append(',');
                json.Append("{\"eventId\":\"").Append(id).Append("\",\"type\":")
                    .Append(System.Text.Json.JsonSerializer.Serialize(reader.GetString(3)))
                    .Append(",\"occurredAt\":\"").Append(occurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"))
                    .Append("\",\"streamVersion\":").Append(reader.GetInt64(4))
                    .Append(",\"data\":").Append(reader.GetString(5)).Append('}');
                last = new TimelineCursor(occurredAt, step, id);
            }
        }
        json.Append("],\"nextCursor\":");
        json.Append(count == take ? $"\"{last}\"" : "null").Append('}');
        return TypedResults.Text(json.ToString(), "application/json", Encoding.UTF8);
    }

    private static async Task<bool> StreamExistsAsync(NpgsqlConnection connection, string tenant, string executionId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM ingest.mt_streams WHERE tenant_id = @tenant AND id = @id", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("id", executionId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
