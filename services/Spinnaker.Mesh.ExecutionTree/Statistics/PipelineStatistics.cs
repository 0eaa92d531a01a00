using Npgsql;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// Per-pipeline success, failure and duration figures, per top-level stage figures and recent regressions, for one
/// application. Two round trips: the pipelines first (bounded), then their stages and regressions in one batch.
/// </summary>
internal sealed class PipelineStatistics(NpgsqlDataSource db)
{
    /// <summary>The busiest pipelines of the application, by executions in the window.</summary>
    public const int MaxPipelines = 100;

    /// <summary>Per pipeline, the most frequent top-level stages (ref ids renamed or retyped count as new stages).</summary>
    public const int MaxStagesPerPipeline = 100;

    public const int MaxRegressionsPerPipeline = 20;

    private const string PipelinesSql = $"""
        SELECT pipeline_name,
               count(*),
               count(*) FILTER (WHERE status = 'SUCCEEDED'),
               count(*) FILTER (WHERE status = 'TERMINAL'),
               count(*) FILTER (WHERE status = 'CANCELED'),
               count(*) FILTER (WHERE status IN {RunStatuses.Finished}),
               percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status IN {RunStatuses.Finished})
        FROM execution_tree.executions
        WHERE tenant = @tenant AND application = @application AND execution_type = 'PIPELINE'
          AND pipeline_name IS NOT NULL AND (@pipeline::text IS NULL OR pipeline_name = @pipeline)
          AND start_time >= @from AND start_time < @to
        GROUP BY pipeline_name
        ORDER BY count(*) DESC, pipeline_name
        LIMIT @limit
        """;

    // The join keeps orchestrations out (stages carry no execution type). Application and window are stated on both
    // sides so that the planner can start from either index (executions_by_pipeline, or stages_by_application) and
    // probe the other by key. Stages are listed in the order they usually start within a run.
    private const string StagesSql = $"""
        SELECT pipeline_name, ref_id, stage_name, stage_type, stages, finished, failed, durations
        FROM (
            SELECT s.pipeline_name, s.ref_id, s.stage_name, s.stage_type,
                   count(*) AS stages,
                   count(*) FILTER (WHERE s.status IN {RunStatuses.Finished}) AS finished,
                   count(*) FILTER (WHERE s.status IN {RunStatuses.FailedStage}) AS failed,
                   percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY s.duration_ms)
                       FILTER (WHERE s.status IN {RunStatuses.Finished}) AS durations,
                   avg(s.start_time - e.start_time) AS usual_offset,
                   row_number() OVER (PARTITION BY s.pipeline_name ORDER BY count(*) DESC, s.ref_id, s.stage_name) AS rank
            FROM execution_tree.stages s
            JOIN execution_tree.executions e ON e.tenant = s.tenant AND e.execution_id = s.execution_id
            WHERE s.tenant = @tenant AND s.application = @application AND s.pipeline_name = ANY(@pipelines)
              AND s.parent_stage_id IS NULL AND s.execution_start >= @from AND s.execution_start < @to
              AND e.application = @application AND e.execution_type = 'PIPELINE' AND e.start_time >= @from AND e.start_time < @to
            GROUP BY s.pipeline_name, s.ref_id, s.stage_name, s.stage_type
        ) ranked
        WHERE rank <= @limit
        ORDER BY pipeline_name, usual_offset NULLS LAST, ref_id, stage_name
        """;

    // One index range scan (regressions_by_pipeline) per pipeline, newest first.
    private const string RegressionsSql = """
        SELECT p.name, r.regression_id, r.stage_ref_id, r.stage_name, r.detected_at, r.detected_by_execution_id,
               r.baseline_median_ms, r.recent_median_ms, r.ratio, r.p_value
        FROM unnest(@pipelines) AS p(name)
        CROSS JOIN LATERAL (
            SELECT * FROM execution_tree.regressions
            WHERE tenant = @tenant AND application = @application AND pipeline_name = p.name
              AND detected_at >= @from AND detected_at < @to
            ORDER BY detected_at DESC, regression_id
            LIMIT @limit
        ) r
        ORDER BY p.name, r.detected_at DESC, r.regression_id
        """;

    public async Task<PipelineStatsReport> QueryAsync(string tenant, PipelineStatsFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var pipelines = await ReadPipelinesAsync(connection, tenant, filter, ct);
        var stages = new Dictionary<string, List<PipelineStageStats>>();
        var regressions = new Dictionary<string, List<PipelineRegression>>();
        if (pipelines.Count > 0)
            await ReadStagesAndRegressionsAsync(connection, tenant, filter, [.. pipelines.Select(p => p.Name)], stages, regressions, ct);

        return new PipelineStatsReport(filter.Window.From.UtcDateTime, filter.Window.To.UtcDateTime,
        [
            .. pipelines.Select(p => new PipelineStats(
                filter.Application, p.Name, p.Executions, p.Succeeded, p.Failed, p.Canceled,
                Figures.Rate(p.Succeeded, p.Finished), Figures.Rate(p.Failed, p.Finished), p.DurationMs,
                stages.GetValueOrDefault(p.Name) ?? [], regressions.GetValueOrDefault(p.Name) ?? [])),
        ]);
    }

    private static async Task<List<PipelineRow>> ReadPipelinesAsync(
        NpgsqlConnection connection, string tenant, PipelineStatsFilter filter, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PipelinesSql, connection);
        AddFilter(command.Parameters, tenant, filter);
        command.Parameters.AddOptional("pipeline", filter.Pipeline);
        command.Parameters.AddWithValue("limit", MaxPipelines);
        var rows = new List<PipelineRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new PipelineRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), DurationPercentiles.From(reader.GetNullable<double[]>(6))));
        return rows;
    }

    private static async Task ReadStagesAndRegressionsAsync(
        NpgsqlConnection connection, string tenant, PipelineStatsFilter filter, string[] pipelines,
        Dictionary<string, List<PipelineStageStats>> stages, Dictionary<string, List<PipelineRegression>> regressions,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (sql, limit) in new[] { (StagesSql, MaxStagesPerPipeline), (RegressionsSql, MaxRegressionsPerPipeline) })
        {
            var command = new NpgsqlBatchCommand(sql);
            AddFilter(command.Parameters, tenant, filter);
            command.Parameters.AddWithValue("pipelines", pipelines);
            command.Parameters.AddWithValue("limit", limit);
            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var finished = reader.GetInt64(5);
            ListFor(stages, reader.GetString(0)).Add(new PipelineStageStats(
                reader.GetNullable<string>(1), reader.GetNullable<string>(2), reader.GetNullable<string>(3),
                reader.GetInt64(4), Figures.Rate(reader.GetInt64(6), finished),
                DurationPercentiles.From(reader.GetNullable<double[]>(7))));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            ListFor(regressions, reader.GetString(0)).Add(new PipelineRegression(
                reader.GetGuid(1), reader.GetNullable<string>(2), reader.GetNullable<string>(3), reader.GetDateTime(4),
                reader.GetString(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9)));
    }

    private static void AddFilter(NpgsqlParameterCollection parameters, string tenant, PipelineStatsFilter filter)
    {
        parameters.AddWindow(tenant, filter.Window);
        parameters.AddWithValue("application", filter.Application);
    }

    private static List<T> ListFor<T>(Dictionary<string, List<T>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
        return list;
    }

    private sealed record PipelineRow(
        string Name, long Executions, long Succeeded, long Failed, long Canceled, long Finished, DurationPercentiles? DurationMs);
}
