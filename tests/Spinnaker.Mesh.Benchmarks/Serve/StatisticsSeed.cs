using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>
/// Fills <c>execution_tree.executions</c>, <c>stages</c> and <c>regressions</c> with a history the statistics endpoints
/// can be timed on, as the inline projection would have written it, through binary COPY. 40 applications (a few busy,
/// many quiet: weights 1/rank^0.9), 3-10 pipelines each (builds and staging deploys often, production and canaries
/// less, a nightly cron), ~8% orchestrations, over 90 days with busier working hours and weekdays. Each run follows
/// its pipeline's stage plan (a DAG with a fan-out, synthetic children of deploy and bake stages, gates: manual
/// judgments, waits, execution windows, precondition checks) on the application's cloud (Kubernetes, AWS or GCE).
/// About 8% of runs fail on a stage with an error message, 3% are canceled, runs still going at "now" are RUNNING;
/// some test stages fail and continue, some stages are skipped. A quarter of the applications use v2 templates,
/// a few v1 templates with an id. The <c>state</c> column gets a small placeholder: no statistic
/// reads them, and PostgreSQL keeps real ones out of line (TOAST), so they do not change the scans timed here.
/// </summary>
internal static class StatisticsSeed
{
    public const string Tenant = "stats";
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    public sealed record Summary(int Executions, long Stages, int Regressions, double Seconds);

    public static async Task<Summary> SeedAsync(NpgsqlDataSource db, int executions, DateTimeOffset now, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(20_240_514);
        var applications = Catalog.Applications(random);
        var appWeights = Cumulative(applications.Select(a => a.Weight));

        await using var executionConnection = await db.OpenConnectionAsync(ct);
        await using var stageConnection = await db.OpenConnectionAsync(ct);
        long stages = 0;
        {
            using var executionRows = await executionConnection.BeginBinaryImportAsync(Columns.ExecutionsCopy, ct);
            using var stageRows = await stageConnection.BeginBinaryImportAsync(Columns.StagesCopy, ct);
            for (var i = 0; i < executions; i++)
            {
                ct.ThrowIfCancellationRequested();
                var app = applications[Pick(appWeights, random)];
                var run = Runs.Simulate(app, StartTime(random, now), now, random);
                WriteExecution(executionRows, run);
                foreach (var stage in run.Stages) WriteStage(stageRows, run, stage);
                stages += run.Stages.Count;
            }
            await executionRows.CompleteAsync(ct);
            await stageRows.CompleteAsync(ct);
        }
        var regressions = await SeedRegressionsAsync(executionConnection, applications, now, random, ct);
        return new Summary(executions, stages, regressions, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Uniform over the 90 days, thinned outside working hours (UTC 8-19) and at weekends.</summary>
    private static DateTimeOffset StartTime(Random random, DateTimeOffset now)
    {
        while (true)
        {
            var at = now - TimeSpan.FromSeconds(random.NextDouble() * History.TotalSeconds);
            var weekday = at.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            var working = at.Hour is >= 8 and < 19;
            if (random.NextDouble() < (weekday ? 1.0 : 0.3) * (working ? 1.0 : 0.25)) return at;
        }
    }

    private static void WriteExecution(NpgsqlBinaryImporter rows, Runs.Run run)
    {
        rows.StartRow();
        rows.Write(Tenant, NpgsqlDbType.Text);
        rows.Write(run.Id, NpgsqlDbType.Text);
        rows.Write(run.Application, NpgsqlDbType.Text);
        rows.Write(run.Pipeline, NpgsqlDbType.Text);
        WriteNullable(rows, run.ConfigId, NpgsqlDbType.Text);
        rows.Write(run.Type, NpgsqlDbType.Text);
        rows.Write(run.Status, NpgsqlDbType.Text);
        rows.Write(run.Start, NpgsqlDbType.TimestampTz);
        WriteNullable(rows, run.End, NpgsqlDbType.TimestampTz);
        WriteNullable(rows, run.End is { } end ? (long?)(end - run.Start).TotalMilliseconds : null, NpgsqlDbType.Bigint);
        rows.Write(run.Trigger, NpgsqlDbType.Text);
        WriteNullable(rows, run.TemplateId, NpgsqlDbType.Text);
        WriteNullable(rows, run.TemplateVersion, NpgsqlDbType.Text);
        WriteNullable(rows, run.ParentId, NpgsqlDbType.Text);
        rows.Write("{}", NpgsqlDbType.Jsonb);
    }

    private static void WriteStage(NpgsqlBinaryImporter rows, Runs.Run run, Runs.StageRun stage)
    {
        rows.StartRow();
        rows.Write(Tenant, NpgsqlDbType.Text);
        rows.Write(run.Id, NpgsqlDbType.Text);
        rows.Write(stage.Id, NpgsqlDbType.Text);
        rows.Write(stage.Plan.Ref, NpgsqlDbType.Text);
        rows.Write(run.Application, NpgsqlDbType.Text);
        rows.Write(run.Pipeline, NpgsqlDbType.Text);
        rows.Write(run.Start, NpgsqlDbType.TimestampTz);
        rows.Write(stage.Plan.Type, NpgsqlDbType.Text);
        rows.Write(stage.Plan.Name, NpgsqlDbType.Text);
        rows.Write(stage.Status, NpgsqlDbType.Text);
        WriteNullable(rows, stage.Start, NpgsqlDbType.TimestampTz);
        WriteNullable(rows, stage.End, NpgsqlDbType.TimestampTz);
        WriteNullable(rows, stage.Start is { } s && stage.End is { } e ? (long?)(e - s).TotalMilliseconds : null, NpgsqlDbType.Bigint);
        WriteNullable(rows, stage.Plan.Owner, NpgsqlDbType.Text);
        WriteNullable(rows, stage.ParentId, NpgsqlDbType.Text);
        WriteNullable(rows, stage.Plan.Target?.Provider, NpgsqlDbType.Text);
        WriteNullable(rows, stage.Plan.Target?.Account, NpgsqlDbType.Text);
        rows.Write(stage.Plan.Target?.Regions ?? [], NpgsqlDbType.Array | NpgsqlDbType.Text);
        WriteNullable(rows, stage.Plan.Target?.Cluster, NpgsqlDbType.Text);
        rows.Write(stage.Errors, NpgsqlDbType.Array | NpgsqlDbType.Text);
        // The service's own rule, so gate statistics see exactly the stages the projection would mark.
        WriteNullable(rows, GateKinds.Of(stage.Plan.Type), NpgsqlDbType.Text);
        WriteNullable(rows, stage.Judgment, NpgsqlDbType.Text);
        WriteNullable(rows, stage.JudgedBy, NpgsqlDbType.Text);
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter rows, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null) rows.WriteNull();
        else rows.Write(value, type);
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter rows, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } present) rows.Write(present, type);
        else rows.WriteNull();
    }

    /// <summary>A few hundred duration regressions, most on the busiest applications, so the pipeline query's lateral join has rows to find.</summary>
    private static async Task<int> SeedRegressionsAsync(NpgsqlConnection connection, IReadOnlyList<Catalog.Application> applications,
        DateTimeOffset now, Random random, CancellationToken ct)
    {
        var count = 0;
        using (var rows = await connection.BeginBinaryImportAsync("""
            COPY execution_tree.regressions (regression_id, tenant, application, pipeline_name, stage_ref_id, stage_name, detected_at,
                detected_by_execution_id, baseline_count, recent_count, baseline_median_ms, recent_median_ms, ratio, p_value)
            FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var app in applications)
            {
                var regressions = (int)Math.Round(app.Weight * 60);
                for (var i = 0; i < regressions; i++)
                {
                    var pipeline = app.Pipelines[random.Next(app.Pipelines.Count)];
                    var stage = random.Next(3) == 0 ? null : pipeline.Stages[random.Next(pipeline.Stages.Count)];
                    var baseline = 60_000 + random.NextDouble() * 600_000;
                    var ratio = 1.3 + random.NextDouble() * 1.5;
                    rows.StartRow();
                    rows.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                    rows.Write(Tenant, NpgsqlDbType.Text);
                    rows.Write(app.Name, NpgsqlDbType.Text);
                    rows.Write(pipeline.Name, NpgsqlDbType.Text);
                    WriteNullable(rows, stage?.Ref, NpgsqlDbType.Text);
                    WriteNullable(rows, stage?.Name, NpgsqlDbType.Text);
                    rows.Write(now - TimeSpan.FromSeconds(random.NextDouble() * History.TotalSeconds), NpgsqlDbType.TimestampTz);
                    rows.Write(Ids.Ulid($"regression:{app.Name}:{i}"), NpgsqlDbType.Text);
                    rows.Write(20, NpgsqlDbType.Integer);
                    rows.Write(10, NpgsqlDbType.Integer);
                    rows.Write(baseline, NpgsqlDbType.Double);
                    rows.Write(baseline * ratio, NpgsqlDbType.Double);
                    rows.Write(ratio, NpgsqlDbType.Double);
                    rows.Write(random.NextDouble() * 0.01, NpgsqlDbType.Double);
                    count++;
                }
            }
            await rows.CompleteAsync(ct);
        }
        return count;
    }

    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var total = 0.0;
        var cumulative = weights.Select(w => total += w).ToArray();
        return [.. cumulative.Select(c => c / total)];
    }

    public static int Pick(double[] cumulative, Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static class Columns
    {
        public const string ExecutionsCopy = """
            COPY execution_tree.executions (tenant, execution_id, application, pipeline_name, pipeline_config_id, execution_type, status,
                start_time, end_time, duration_ms, trigger_type, template_id, template_version, parent_execution_id, state)
            FROM STDIN (FORMAT BINARY)
            """;

        public const string StagesCopy = """
            COPY execution_tree.stages (tenant, execution_id, stage_id, ref_id, application, pipeline_name, execution_start, stage_type,
                stage_name, status, start_time, end_time, duration_ms, synthetic_owner, parent_stage_id, cloud_provider, account, regions,
                cluster, errors, gate_kind, judgment_status, judged_by)
            FROM STDIN (FORMAT BINARY)
            """;
    }
}
