using System.Reflection;
using System.Text;
using Npgsql;
using Spinnaker.Mesh.ExecutionTree.Statistics;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>
/// EXPLAIN (ANALYZE, BUFFERS) of the statements behind a statistics endpoint, with the service's own SQL (read from
/// the query classes by reflection, so the plan is of exactly what the endpoint runs) and its own parameter helpers.
/// </summary>
internal static class QueryPlans
{
    public enum Endpoint { Pipelines, Failures, Gates, Templates }

    public sealed record Request(Endpoint Endpoint, string? Application, string? Pipeline, string? TemplateId, FailureGrouping Grouping);

    /// <param name="workMem">If given, the statements run in a transaction with <c>SET LOCAL work_mem</c> to it.</param>
    public static async Task<IReadOnlyList<(string Statement, string Plan)>> ExplainAsync(
        NpgsqlDataSource db, string tenant, Request request, DateTimeOffset from, DateTimeOffset to, CancellationToken ct, string? workMem = null)
    {
        var window = new StatisticsWindow(from, to);
        var plans = new List<(string, string)>();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (workMem is not null)
        {
            await using var set = new NpgsqlCommand("SELECT set_config('work_mem', $1, true)", connection, transaction);
            set.Parameters.Add(new() { Value = workMem });
            await set.ExecuteScalarAsync(ct);
        }
        async Task Explain(string statement, string sql, Action<NpgsqlParameterCollection> parameters)
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection, transaction);
            command.Parameters.AddWindow(tenant, window);
            parameters(command.Parameters);
            var text = new StringBuilder();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) text.AppendLine(reader.GetString(0));
            plans.Add((statement, text.ToString()));
        }

        switch (request.Endpoint)
        {
            case Endpoint.Pipelines:
                void PipelineFilter(NpgsqlParameterCollection p) => p.AddWithValue("application", request.Application!);
                await Explain("PipelineStatistics.PipelinesSql", Sql<PipelineStatistics>("PipelinesSql"), p =>
                {
                    PipelineFilter(p);
                    p.AddOptional("pipeline", request.Pipeline);
                    p.AddWithValue("limit", PipelineStatistics.MaxPipelines);
                });
                var names = await PipelineNamesAsync(db, tenant, request, window, ct);
                await Explain("PipelineStatistics.StagesSql", Sql<PipelineStatistics>("StagesSql"), p =>
                {
                    PipelineFilter(p);
                    p.AddWithValue("pipelines", names);
                    p.AddWithValue("limit", PipelineStatistics.MaxStagesPerPipeline);
                });
                await Explain("PipelineStatistics.RegressionsSql", Sql<PipelineStatistics>("RegressionsSql"), p =>
                {
                    PipelineFilter(p);
                    p.AddWithValue("pipelines", names);
                    p.AddWithValue("limit", PipelineStatistics.MaxRegressionsPerPipeline);
                });
                break;
            case Endpoint.Failures:
                var failures = (string)typeof(StageFailureStatistics).GetMethod("Sql", BindingFlags.NonPublic | BindingFlags.Static)!
                    .Invoke(null, [request.Grouping])!;
                await Explain($"StageFailureStatistics.Sql({request.Grouping})", failures, p =>
                {
                    p.AddOptional("application", request.Application);
                    p.AddWithValue("groups", StageFailureStatistics.MaxGroups);
                    p.AddWithValue("errors", StageFailureStatistics.MaxErrorsPerGroup);
                    p.AddWithValue("clusters", StageFailureStatistics.MaxClustersPerGroup);
                });
                break;
            case Endpoint.Gates:
                void GateFilter(NpgsqlParameterCollection p)
                {
                    p.AddOptional("application", request.Application);
                    p.AddOptional("pipeline", request.Pipeline);
                }
                await Explain("GateStatistics.GroupsSql", Sql<GateStatistics>("GroupsSql"), p =>
                {
                    GateFilter(p);
                    p.AddWithValue("judges", GateStatistics.MaxJudges);
                    p.AddWithValue("groups", GateStatistics.MaxGroups);
                });
                await Explain("GateStatistics.BottlenecksSql", Sql<GateStatistics>("BottlenecksSql"), p =>
                {
                    GateFilter(p);
                    p.AddWithValue("bottlenecks", GateStatistics.MaxBottlenecks);
                });
                break;
            case Endpoint.Templates:
                await Explain("TemplateStatistics.Sql", Sql<TemplateStatistics>("Sql"), p =>
                {
                    p.AddOptional("templateId", request.TemplateId);
                    p.AddWithValue("limit", TemplateStatistics.MaxTemplates);
                });
                break;
        }
        await transaction.RollbackAsync(ct);
        return plans;
    }

    /// <summary>The execution time EXPLAIN ANALYZE reported, in ms.</summary>
    public static double ExecutionMs(string plan)
    {
        var line = plan.Split('\n').FirstOrDefault(l => l.StartsWith("Execution Time:", StringComparison.Ordinal));
        return line is null ? double.NaN
            : double.Parse(line["Execution Time:".Length..].Replace("ms", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The headline of a plan: its top node, timing lines (planning, JIT, execution).</summary>
    public static string Summary(string plan)
    {
        var lines = plan.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.Take(1).Concat(lines.Where(l =>
            l.StartsWith("Planning Time", StringComparison.Ordinal) || l.StartsWith("Execution Time", StringComparison.Ordinal) ||
            l.TrimStart().StartsWith("Timing:", StringComparison.Ordinal))));
    }

    private static string Sql<T>(string constant) =>
        (string)(typeof(T).GetField(constant, BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue()
            ?? throw new MissingFieldException(typeof(T).Name, constant));

    private static async Task<string[]> PipelineNamesAsync(NpgsqlDataSource db, string tenant, Request request, StatisticsWindow window, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Sql<PipelineStatistics>("PipelinesSql"));
        command.Parameters.AddWindow(tenant, window);
        command.Parameters.AddWithValue("application", request.Application!);
        command.Parameters.AddOptional("pipeline", request.Pipeline);
        command.Parameters.AddWithValue("limit", PipelineStatistics.MaxPipelines);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return [.. names];
    }
}
