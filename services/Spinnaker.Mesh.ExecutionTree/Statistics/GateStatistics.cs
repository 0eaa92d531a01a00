using Npgsql;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>How long pipelines wait on gates, and on which ones most, in one round trip (a batch of two queries).</summary>
internal sealed class GateStatistics(NpgsqlDataSource db)
{
    public const string ManualJudgment = "manualJudgment";

    /// <summary>(application, pipeline, gate kind) groups, most gates first.</summary>
    public const int MaxGroups = 200;

    /// <summary>Distinct judges of a pipeline's manual judgments, alphabetically.</summary>
    public const int MaxJudges = 10;

    public const int MaxBottlenecks = 20;

    // Inlined into both statements; the partial index stages_gates covers it when an application is given.
    private const string GatesSql = $"""
        WITH gates AS NOT MATERIALIZED (
            SELECT application, pipeline_name, gate_kind, stage_name, duration_ms, judged_by,
                   lower(judgment_status) AS judgment,
                   status IN {RunStatuses.Complete} AS complete,
                   status IN {RunStatuses.Finished} AND duration_ms IS NOT NULL AS waited
            FROM execution_tree.stages
            WHERE tenant = @tenant AND gate_kind IS NOT NULL
              AND (@application::text IS NULL OR application = @application)
              AND (@pipeline::text IS NULL OR pipeline_name = @pipeline)
              AND execution_start >= @from AND execution_start < @to
        )
        """;

    private const string GroupsSql = GatesSql + """
        SELECT application, pipeline_name, gate_kind, count(*),
               percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE waited),
               max(duration_ms) FILTER (WHERE waited),
               count(*) FILTER (WHERE judgment = 'continue'),
               count(*) FILTER (WHERE judgment = 'stop'),
               count(*) FILTER (WHERE judgment IS DISTINCT FROM 'continue' AND judgment IS DISTINCT FROM 'stop' AND NOT complete),
               count(*) FILTER (WHERE judgment IS DISTINCT FROM 'continue' AND judgment IS DISTINCT FROM 'stop' AND complete),
               coalesce((array_agg(DISTINCT judged_by ORDER BY judged_by) FILTER (WHERE judged_by <> ''))[1:@judges], ARRAY[]::text[])
        FROM gates
        GROUP BY application, pipeline_name, gate_kind
        ORDER BY count(*) DESC, application, pipeline_name, gate_kind
        LIMIT @groups
        """;

    private const string BottlenecksSql = GatesSql + """
        SELECT application, pipeline_name, gate_kind, stage_name, count(*), sum(duration_ms)::bigint AS total
        FROM gates
        WHERE waited
        GROUP BY application, pipeline_name, gate_kind, stage_name
        ORDER BY total DESC, application, pipeline_name, gate_kind, stage_name
        LIMIT @bottlenecks
        """;

    public async Task<GateStatsReport> QueryAsync(string tenant, GateStatsFilter filter, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command(GroupsSql, tenant, filter, ("judges", MaxJudges), ("groups", MaxGroups)));
        batch.BatchCommands.Add(Command(BottlenecksSql, tenant, filter, ("bottlenecks", MaxBottlenecks)));

        var gates = new List<GateStats>();
        var bottlenecks = new List<GateBottleneck>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var kind = reader.GetString(2);
            var percentiles = DurationPercentiles.From(reader.GetNullable<double[]>(4));
            var isJudgment = kind == ManualJudgment;
            gates.Add(new GateStats(
                reader.GetString(0), reader.GetNullable<string>(1), kind, reader.GetInt64(3),
                percentiles is null ? null : new WaitFigures(percentiles.P50, percentiles.P95, reader.GetInt64(5)),
                isJudgment ? new JudgmentOutcomes(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)) : null,
                isJudgment ? reader.GetFieldValue<string[]>(10) : null));
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
            bottlenecks.Add(new GateBottleneck(reader.GetString(0), reader.GetNullable<string>(1), reader.GetString(2),
                reader.GetNullable<string>(3), reader.GetInt64(4), reader.GetInt64(5)));

        return new GateStatsReport(filter.Window.From.UtcDateTime, filter.Window.To.UtcDateTime, gates, bottlenecks);
    }

    private static NpgsqlBatchCommand Command(string sql, string tenant, GateStatsFilter filter, params (string Name, int Value)[] limits)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWindow(tenant, filter.Window);
        command.Parameters.AddOptional("application", filter.Application);
        command.Parameters.AddOptional("pipeline", filter.Pipeline);
        foreach (var (name, value) in limits) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
