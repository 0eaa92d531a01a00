using System.Globalization;
using Npgsql;
using Spinnaker.Mesh.ExecutionTree.Statistics;
using static Spinnaker.Mesh.Benchmarks.Serve.Latencies;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>The <c>serve</c> run: trees end to end, then statistics over a seeded history. Bounded, and it always cleans up.</summary>
internal static class ServeRun
{
    private const string TreeTenant = "bench";

    public static async Task<int> RunAsync(ServeOptions options)
    {
        var report = new ServeReport();
        using var cancel = new CancellationTokenSource(options.Timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var environment = new ServeEnvironment();
        // The hard limit: if the run does not end after its token was cancelled, clean up and leave anyway.
        var finished = new TaskCompletionSource();
        _ = Task.Run(async () =>
        {
            await Task.WhenAny(finished.Task, Task.Delay(options.Timeout + TimeSpan.FromSeconds(90)));
            if (finished.Task.IsCompleted) return;
            await Console.Error.WriteLineAsync($"hard timeout ({options.Timeout.TotalMinutes:N0} min) exceeded: cleaning up and exiting");
            await environment.DisposeAsync();
            Environment.Exit(3);
        });

        var exitCode = 0;
        try
        {
            report.Line($"# execution-tree serve run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            report.Line();
            report.Line(MachineLoad.Describe());
            await environment.StartAsync(cancel.Token);
            report.Line($"PostgreSQL: {await ServerSettingsAsync(environment.Database, cancel.Token)}");
            report.Line();
            if (options.Trees) await TreesAsync(environment, options, report, cancel.Token);
            if (options.Statistics) await StatisticsAsync(environment, options, report, cancel.Token);
        }
        catch (Exception e)
        {
            exitCode = 1;
            report.Line();
            report.Line($"FAILED: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync(e.ToString());
        }
        finally
        {
            await environment.DisposeAsync();
            finished.TrySetResult();
            report.Line();
            report.Line($"report: {report.Save(Path.Combine(Entry.ArtifactsPath, "serve"))}");
        }
        return exitCode;
    }

    private static async Task TreesAsync(ServeEnvironment env, ServeOptions options, ServeReport report, CancellationToken ct)
    {
        report.Line("## Trees: ingest to a complete tree, then GET /api/executions/{id}");
        report.Line();
        var executions = new[] { options.SmallStages, options.Stages }
            .Select(stages => SyntheticExecution.Create(stages, TreeTenant, Ids.Ulid($"serve:{stages}:{Guid.NewGuid()}")))
            .ToList();
        // A throwaway execution first, so that neither measured one pays for the service's JIT and connection pools.
        var warmUp = SyntheticExecution.Create(20, TreeTenant, Ids.Ulid($"serve:warm-up:{Guid.NewGuid()}"));
        await TreeServing.IngestAsync(env, warmUp, TimeSpan.FromMinutes(5), ct);
        await TreeServing.GetTreeAsync(env, warmUp, 20, ct);
        report.Line($"(warm-up: a {warmUp.StageCount}-stage execution ingested and read first, not reported)");
        report.Line();
        var ingests = new List<TreeServing.Ingest>();
        var gets = new List<Latencies>();
        foreach (var execution in executions)
        {
            ingests.Add(await TreeServing.IngestAsync(env, execution, TimeSpan.FromMinutes(25), ct));
            gets.Add(await TreeServing.GetTreeAsync(env, execution, options.Gets, ct));
        }

        report.Line("| stages | events | publish | tree complete | all events stored | events/s stored | service CPU | PostgreSQL CPU | WAL | stage rows written | read model growth | state JSON (stored) | stage rows |");
        report.Line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < executions.Count; i++)
        {
            var x = ingests[i];
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| {executions[i].StageCount} | {x.Events} | {x.PublishSeconds:N1} s | {x.TreeCompleteSeconds:N1} s | {x.StoredSeconds:N1} s " +
                $"| {x.Events / x.StoredSeconds:N0} | {(x.ServiceCpuSeconds is { } cpu ? $"{cpu:N1} s ({cpu * 1000 / x.Events:N1} ms/event)" : "n/a")} " +
                $"| {(x.PostgresCpuSeconds is { } pg ? $"{pg:N1} s ({pg * 1000 / x.Events:N1} ms/event)" : "n/a")} | {Size(x.WalBytes)} ({Size(x.WalBytes / x.Events)}/event) " +
                $"| {x.StageRowsWritten:N0} | {Size(x.ReadModelBytes)} " +
                $"| {Size(x.StateTextBytes)} ({Size(x.StateStoredBytes)}) | {x.StageRows} |"));
        }
        report.Line();
        foreach (var (execution, ingest) in executions.Zip(ingests)) report.Line($"- {execution.StageCount} stages: machine during ingest: {ingest.Machine}");
        report.Line();
        report.Line($"GET /api/executions/{{id}}: 10 untimed, then {options.Gets} sequential calls, body read to the end.");
        report.Line();
        report.Line("| stages | n | p50 ms | p95 ms | p99 ms | max ms | bytes | failures |");
        report.Line("|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < executions.Count; i++)
        {
            var g = gets[i];
            report.Line($"| {executions[i].StageCount} | {g.Count} | {Ms(g.Percentile(50))} | {Ms(g.Percentile(95))} | {Ms(g.Percentile(99))} " +
                $"| {Ms(g.Max)} | {Size(g.MedianBytes)} | {g.Failures}{(g.LastFailure is null ? "" : $" ({g.LastFailure})")} |");
        }
        if (gets.Count == 2)
            report.Line(string.Create(CultureInfo.InvariantCulture, $"\nlarge/small ratio: ingest to complete tree {ingests[1].TreeCompleteSeconds / ingests[0].TreeCompleteSeconds:N1}x, " +
                $"GET p50 {gets[1].Percentile(50) / gets[0].Percentile(50):N1}x, body {(double)gets[1].MedianBytes / gets[0].MedianBytes:N1}x"));
        report.Line();
    }

    private static async Task StatisticsAsync(ServeEnvironment env, ServeOptions options, ServeReport report, CancellationToken ct)
    {
        report.Line($"## Statistics over {options.Executions:N0} seeded executions");
        report.Line();
        var now = DateTimeOffset.UtcNow;
        var seed = await StatisticsSeed.SeedAsync(env.Database, options.Executions, now, ct);
        var analyze = System.Diagnostics.Stopwatch.StartNew();
        await using (var vacuum = env.Database.CreateCommand(
            "VACUUM (ANALYZE) execution_tree.executions, execution_tree.stages, execution_tree.regressions"))
            await vacuum.ExecuteNonQueryAsync(ct);
        report.Line(string.Create(CultureInfo.InvariantCulture, $"seeded {seed.Executions:N0} executions, {seed.Stages:N0} stage rows, {seed.Regressions} regressions " +
            $"with binary COPY in {seed.Seconds:N0} s; VACUUM (ANALYZE) {analyze.Elapsed.TotalSeconds:N0} s"));
        report.Line();
        foreach (var line in await DescribeSeedAsync(env.Database, ct)) report.Line(line);
        report.Line();

        var scope = await ScopeAsync(env.Database, ct);
        report.Line($"Queries are for the busiest application `{scope.Application}`, its busiest pipeline `{scope.Pipeline}`, " +
            $"its pipeline with the most gates `{scope.GatePipeline}`, and the most used v1 template `{scope.TemplateId}`.");
        report.Line();

        var from90 = now - StatisticsSeed.History;
        var windows = new[] { (Name: "30 d (default)", Query: "", From: (DateTimeOffset?)null), ("90 d", $"from={from90:yyyy-MM-ddTHH:mm:ss}Z", from90) };
        var app = Uri.EscapeDataString(scope.Application);
        var cases = new (string Endpoint, string Filter, string Query, QueryPlans.Request Explain)[]
        {
            ("/api/pipelines/stats", "application", $"application={app}",
                new(QueryPlans.Endpoint.Pipelines, scope.Application, null, null, FailureGrouping.StageType)),
            ("/api/pipelines/stats", "application + pipeline", $"application={app}&pipeline={Uri.EscapeDataString(scope.Pipeline)}",
                new(QueryPlans.Endpoint.Pipelines, scope.Application, scope.Pipeline, null, FailureGrouping.StageType)),
            ("/api/stages/failures", "application", $"application={app}",
                new(QueryPlans.Endpoint.Failures, scope.Application, null, null, FailureGrouping.StageType)),
            ("/api/stages/failures", "application, groupBy=region", $"application={app}&groupBy=region",
                new(QueryPlans.Endpoint.Failures, scope.Application, null, null, FailureGrouping.Region)),
            ("/api/stages/failures", "all applications", "",
                new(QueryPlans.Endpoint.Failures, null, null, null, FailureGrouping.StageType)),
            ("/api/gates", "application", $"application={app}",
                new(QueryPlans.Endpoint.Gates, scope.Application, null, null, FailureGrouping.StageType)),
            ("/api/gates", "application + pipeline", $"application={app}&pipeline={Uri.EscapeDataString(scope.GatePipeline)}",
                new(QueryPlans.Endpoint.Gates, scope.Application, scope.GatePipeline, null, FailureGrouping.StageType)),
            ("/api/gates", "all applications", "",
                new(QueryPlans.Endpoint.Gates, null, null, null, FailureGrouping.StageType)),
            ("/api/templates/stats", "all templates", "",
                new(QueryPlans.Endpoint.Templates, null, null, null, FailureGrouping.StageType)),
            ("/api/templates/stats", "templateId", $"templateId={Uri.EscapeDataString(scope.TemplateId)}",
                new(QueryPlans.Endpoint.Templates, null, null, scope.TemplateId, FailureGrouping.StageType)),
        };

        report.Line($"Each query: 2 untimed calls, then {options.CallsPerQuery} sequential ones (fewer if one query's calls pass " +
            $"{options.QueryBudget.TotalSeconds:N0} s), tenant header `X-Mesh-Tenant: {StatisticsSeed.Tenant}`.");
        report.Line();
        var baseline = await TimeCasesAsync(env, options, report, cases, windows, ct);
        var slow = baseline.Where(t => options.ExplainAll || t.Latencies.Percentile(50) > options.SlowMs || t.Latencies.Count == 0).ToList();
        if (slow.Count == 0) report.Line($"No statistics query had a median above {options.SlowMs:N0} ms.");
        else
        {
            report.Line($"## Plans ({(options.ExplainAll ? "every query" : $"median above {options.SlowMs:N0} ms")}): EXPLAIN (ANALYZE, BUFFERS)");
            report.Line();
            await ExplainAsync(env, report, slow, "", ct);
        }
        if (!options.WhatIfIndexes) return;

        // Not the service's schema: indexes the plans above suggest, made in this throwaway database only, to see
        // what they would change. Same data, same process, timed right after the baseline.
        report.Line();
        report.Line("## What if: candidate index changes (this database only; the service's schema is unchanged)");
        report.Line();
        var build = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (_, ddl) in CandidateIndexes)
        {
            await using var command = env.Database.CreateCommand(ddl);
            await command.ExecuteNonQueryAsync(ct);
            report.Line($"- `{ddl}`");
        }
        await using (var vacuum = env.Database.CreateCommand("VACUUM (ANALYZE) execution_tree.stages"))
            await vacuum.ExecuteNonQueryAsync(ct);
        report.Line();
        report.Line($"built and analyzed in {build.Elapsed.TotalSeconds:N0} s");
        report.Line();
        var withIndexes = await TimeCasesAsync(env, options, report, cases, windows, ct);
        report.Line("| endpoint | filter | window | p50 ms before | p50 ms after | after / before |");
        report.Line("|---|---|---|---|---|---|");
        foreach (var (before, after) in baseline.Zip(withIndexes))
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"| `{before.Endpoint}` | {before.Filter} | {before.Window} | {Ms(before.Latencies.Percentile(50))} | {Ms(after.Latencies.Percentile(50))} " +
                $"| {after.Latencies.Percentile(50) / before.Latencies.Percentile(50):N2} |"));
        report.Line();
        if (options.ExplainAll) await ExplainAsync(env, report, withIndexes, " (with candidate indexes)", ct);

        // The sorts behind percentiles and grouping spill to disk at PostgreSQL's default work_mem (4MB): the three
        // slowest queries, each statement run in turn at 4MB and at 32MB on one connection (EXPLAIN ANALYZE's own time).
        report.Line("work_mem: execution time of each statement (EXPLAIN ANALYZE, with the candidate indexes), at 4MB and at 32MB:");
        report.Line();
        report.Line("| query | statement | 4MB ms | 32MB ms | 32MB / 4MB |");
        report.Line("|---|---|---|---|---|");
        foreach (var q in withIndexes.OrderByDescending(t => t.Latencies.Percentile(50)).Take(3))
        {
            var small = await QueryPlans.ExplainAsync(env.Database, StatisticsSeed.Tenant, q.Request, q.From, q.To, ct, "4MB");
            var large = await QueryPlans.ExplainAsync(env.Database, StatisticsSeed.Tenant, q.Request, q.From, q.To, ct, "32MB");
            foreach (var ((statement, before), (_, after)) in small.Zip(large))
            {
                var (b, a) = (QueryPlans.ExecutionMs(before), QueryPlans.ExecutionMs(after));
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| `{q.Endpoint}` {q.Filter}, {q.Window} | {statement} | {Ms(b)} | {Ms(a)} | {a / b:N2} |"));
                report.Plan($"{q.Endpoint} {q.Filter}, {q.Window}: {statement}, work_mem 32MB", after);
            }
        }
        report.Line();
    }

    /// <summary>Indexes the baseline plans point to; see docs/execution-tree-performance.md.</summary>
    private static readonly (string Name, string Ddl)[] CandidateIndexes =
    [
        ("stages_by_application_start",
            "CREATE INDEX stages_by_application_start ON execution_tree.stages (tenant, application, execution_start)"),
        // Instead of stages_gates: the same keys, covering what the gate queries read, so both the filtered and the
        // tenant-wide shapes become index-only scans of the gate rows.
        ("stages_gates (dropped)", "DROP INDEX execution_tree.stages_gates"),
        ("stages_gates_covering",
            "CREATE INDEX stages_gates_covering ON execution_tree.stages (tenant, application, pipeline_name, gate_kind) INCLUDE (execution_start, " +
            "stage_name, status, duration_ms, judgment_status, judged_by) WHERE gate_kind IS NOT NULL"),
        ("stages_failed_by_start",
            "CREATE INDEX stages_failed_by_start ON execution_tree.stages (tenant, execution_start) WHERE status IN ('TERMINAL', 'FAILED_CONTINUE')"),
    ];

    private sealed record Timed(string Endpoint, string Filter, string Window, Latencies Latencies, QueryPlans.Request Request, DateTimeOffset From,
        DateTimeOffset To);

    private static async Task<List<Timed>> TimeCasesAsync(ServeEnvironment env, ServeOptions options, ServeReport report,
        (string Endpoint, string Filter, string Query, QueryPlans.Request Explain)[] cases,
        (string Name, string Query, DateTimeOffset? From)[] windows, CancellationToken ct)
    {
        report.Line("| endpoint | filter | window | n | p50 ms | p95 ms | max ms | bytes | failures |");
        report.Line("|---|---|---|---|---|---|---|---|---|");
        var timed = new List<Timed>();
        var machine = MachineLoad.Sample();
        foreach (var c in cases)
        foreach (var window in windows)
        {
            var query = string.Join('&', new[] { c.Query, window.Query }.Where(q => q.Length > 0));
            var path = c.Endpoint.TrimStart('/') + (query.Length > 0 ? "?" + query : "");
            var to = DateTimeOffset.UtcNow;
            var measured = await MeasureAsync(env.Http, path, StatisticsSeed.Tenant, warmups: 2, options.CallsPerQuery, options.QueryBudget, ct);
            report.Line($"| `{c.Endpoint}` | {c.Filter} | {window.Name} | {measured.Count} | {Ms(measured.Percentile(50))} | {Ms(measured.Percentile(95))} " +
                $"| {Ms(measured.Max)} | {Size(measured.MedianBytes)} | {measured.Failures}{(measured.LastFailure is null ? "" : $" ({measured.LastFailure})")} |");
            timed.Add(new Timed(c.Endpoint, c.Filter, window.Name, measured, c.Explain, window.From ?? to - StatisticsWindow.DefaultSpan, to));
        }
        report.Line();
        report.Line($"machine during the statistics calls: {MachineLoad.Since(machine)}");
        report.Line();
        return timed;
    }

    private static async Task ExplainAsync(ServeEnvironment env, ServeReport report, IEnumerable<Timed> queries, string suffix, CancellationToken ct)
    {
        foreach (var q in queries)
        {
            var title = $"{q.Endpoint} {q.Filter}, {q.Window}{suffix}";
            try
            {
                foreach (var (statement, plan) in await QueryPlans.ExplainAsync(env.Database, StatisticsSeed.Tenant, q.Request, q.From, q.To, ct))
                {
                    report.Line($"- {title}: {statement}");
                    foreach (var line in QueryPlans.Summary(plan).Split('\n')) report.Line($"    {line.Trim()}");
                    report.Plan($"{title}: {statement}", plan);
                }
            }
            catch (Exception e) when (e is NpgsqlException or MissingFieldException or NullReferenceException or System.Reflection.TargetInvocationException)
            {
                report.Line($"- {title}: no plan ({e.GetType().Name}: {e.Message})");
            }
        }
    }

    private sealed record Scope(string Application, string Pipeline, string GatePipeline, string TemplateId);

    private static async Task<Scope> ScopeAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        async Task<string> One(string sql, string? application = null)
        {
            await using var command = db.CreateCommand(sql);
            command.Parameters.AddWithValue("tenant", StatisticsSeed.Tenant);
            if (application is not null) command.Parameters.AddWithValue("application", application);
            return (string?)await command.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException($"No answer to: {sql}");
        }
        var application = await One("""
            SELECT application FROM execution_tree.executions WHERE tenant = @tenant GROUP BY application ORDER BY count(*) DESC LIMIT 1
            """);
        var pipeline = await One("""
            SELECT pipeline_name FROM execution_tree.executions WHERE tenant = @tenant AND application = @application AND execution_type = 'PIPELINE'
            GROUP BY pipeline_name ORDER BY count(*) DESC LIMIT 1
            """, application);
        var gatePipeline = await One("""
            SELECT pipeline_name FROM execution_tree.stages WHERE tenant = @tenant AND application = @application AND gate_kind IS NOT NULL
            GROUP BY pipeline_name ORDER BY count(*) DESC LIMIT 1
            """, application);
        var template = await One("""
            SELECT template_id FROM execution_tree.executions WHERE tenant = @tenant AND template_id IS NOT NULL
            GROUP BY template_id ORDER BY count(*) DESC LIMIT 1
            """);
        return new Scope(application, pipeline, gatePipeline, template);
    }

    /// <summary>What the seeded history looks like: the spread the timed queries ran over.</summary>
    private static async Task<IReadOnlyList<string>> DescribeSeedAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        var lines = new List<string>();
        async Task Add(string label, string sql)
        {
            await using var command = db.CreateCommand(sql);
            command.Parameters.AddWithValue("tenant", StatisticsSeed.Tenant);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var values = new List<string>();
            while (await reader.ReadAsync(ct))
                values.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            lines.Add($"- {label}: {string.Join(", ", values)}");
        }
        await Add("executions by type and status", """
            SELECT execution_type, status, count(*) FROM execution_tree.executions WHERE tenant = @tenant GROUP BY 1, 2 ORDER BY 1, 3 DESC
            """);
        await Add("executions in the last 30 / 90 days; stage rows per execution; applications; pipelines", """
            SELECT count(*) FILTER (WHERE start_time >= now() - interval '30 days'), count(*),
                   round((SELECT count(*) FROM execution_tree.stages WHERE tenant = @tenant)::numeric / count(*), 1),
                   count(DISTINCT application), count(DISTINCT (application, pipeline_name))
            FROM execution_tree.executions WHERE tenant = @tenant
            """);
        await Add("busiest applications (executions)", """
            SELECT application, count(*) FROM execution_tree.executions WHERE tenant = @tenant GROUP BY 1 ORDER BY 2 DESC LIMIT 5
            """);
        await Add("stage rows by status", """
            SELECT status, count(*) FROM execution_tree.stages WHERE tenant = @tenant GROUP BY 1 ORDER BY 2 DESC
            """);
        await Add("gate stages by kind", """
            SELECT gate_kind, count(*) FROM execution_tree.stages WHERE tenant = @tenant AND gate_kind IS NOT NULL GROUP BY 1 ORDER BY 2 DESC
            """);
        await Add("distinct error messages; failed stages with errors", """
            SELECT count(DISTINCT e), count(*) FROM execution_tree.stages, unnest(errors) AS e WHERE tenant = @tenant
            """);
        await Add("templates (id version count)", """
            SELECT coalesce(template_id, '-'), template_version, count(*) FROM execution_tree.executions
            WHERE tenant = @tenant AND template_version IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC
            """);
        await Add("table + index sizes (executions, stages)", """
            SELECT pg_size_pretty(pg_total_relation_size('execution_tree.executions')), pg_size_pretty(pg_total_relation_size('execution_tree.stages'))
            WHERE @tenant IS NOT NULL
            """);
        return lines;
    }

    private static async Task<string> ServerSettingsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT split_part(version(), ' ', 2), current_setting('shared_buffers'), current_setting('work_mem'), current_setting('jit'),
                   current_setting('max_parallel_workers_per_gather'), current_setting('random_page_cost')
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return $"{reader.GetString(0)}, shared_buffers {reader.GetString(1)}, work_mem {reader.GetString(2)}, jit {reader.GetString(3)}, " +
            $"max_parallel_workers_per_gather {reader.GetString(4)}, random_page_cost {reader.GetString(5)}";
    }

}
