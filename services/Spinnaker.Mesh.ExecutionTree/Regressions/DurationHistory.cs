using Npgsql;
using Spinnaker.Mesh.ExecutionTree.Domain;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// The successful durations the regression rule compares, oldest first: the latest
/// <see cref="RegressionThresholds.HistoryRuns"/> runs (baseline and recent) of a pipeline, and of
/// each top-level stage of one execution. "Latest" is by execution start, so a run that completes late still takes
/// its place in the history, and whichever completion arrives last sees the whole history.
/// </summary>
internal static class DurationHistory
{
    private const string PipelineSql = $"""
        SELECT duration_ms FROM (
            SELECT duration_ms, start_time, execution_id FROM execution_tree.executions
            WHERE tenant = @tenant AND application = @application AND pipeline_name = @pipeline
              AND execution_type = 'PIPELINE' AND status = '{ExecutionStatuses.Succeeded}' AND duration_ms IS NOT NULL
            ORDER BY start_time DESC NULLS LAST, execution_id DESC
            LIMIT @window
        ) latest
        ORDER BY start_time NULLS FIRST, execution_id
        """;

    // Only stages that succeeded in this execution: a stage that failed or was skipped adds no duration, so it
    // cannot reveal anything new.
    private const string StagesSql = $"""
        WITH this_run AS (
            SELECT DISTINCT ON (ref_id) ref_id, stage_name FROM execution_tree.stages
            WHERE tenant = @tenant AND execution_id = @execution AND parent_stage_id IS NULL AND ref_id IS NOT NULL
              AND status = '{ExecutionStatuses.Succeeded}' AND duration_ms IS NOT NULL
            ORDER BY ref_id, start_time
        ), history AS (
            SELECT s.ref_id, s.duration_ms, s.execution_start, s.execution_id,
                   row_number() OVER (PARTITION BY s.ref_id ORDER BY s.execution_start DESC NULLS LAST, s.execution_id DESC) AS newest
            FROM execution_tree.stages s JOIN this_run USING (ref_id)
            WHERE s.tenant = @tenant AND s.application = @application AND s.pipeline_name = @pipeline
              AND s.parent_stage_id IS NULL AND s.status = '{ExecutionStatuses.Succeeded}' AND s.duration_ms IS NOT NULL
        )
        SELECT h.ref_id, r.stage_name, h.duration_ms
        FROM history h JOIN this_run r USING (ref_id)
        WHERE h.newest <= @window
        ORDER BY h.ref_id, h.execution_start NULLS FIRST, h.execution_id
        """;

    public static async Task<IReadOnlyList<double>> OfPipelineAsync(
        NpgsqlConnection connection, string tenant, string application, string pipeline, int window, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PipelineSql, connection);
        command.Parameters.Add(SqlParameters.Text("tenant", tenant));
        command.Parameters.Add(SqlParameters.Text("application", application));
        command.Parameters.Add(SqlParameters.Text("pipeline", pipeline));
        command.Parameters.AddWithValue("window", window);
        var durations = new List<double>(window);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) durations.Add(reader.GetInt64(0));
        return durations;
    }

    public static async Task<IReadOnlyList<StageHistory>> OfStagesAsync(
        NpgsqlConnection connection, string tenant, string application, string pipeline, string executionId, int window, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(StagesSql, connection);
        command.Parameters.Add(SqlParameters.Text("tenant", tenant));
        command.Parameters.Add(SqlParameters.Text("application", application));
        command.Parameters.Add(SqlParameters.Text("pipeline", pipeline));
        command.Parameters.Add(SqlParameters.Text("execution", executionId));
        command.Parameters.AddWithValue("window", window);
        // Rows come grouped by ref id, oldest first within each.
        var stages = new List<(string RefId, string? Name, List<double> DurationsMs)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var refId = reader.GetString(0);
            if (stages.Count == 0 || stages[^1].RefId != refId)
                stages.Add((refId, reader.IsDBNull(1) ? null : reader.GetString(1), new List<double>(window)));
            stages[^1].DurationsMs.Add(reader.GetInt64(2));
        }
        return stages.Select(s => new StageHistory(s.RefId, s.Name, s.DurationsMs)).ToList();
    }

    /// <param name="Name">The stage's name in the execution being evaluated.</param>
    public sealed record StageHistory(string RefId, string? Name, IReadOnlyList<double> DurationsMs);
}
