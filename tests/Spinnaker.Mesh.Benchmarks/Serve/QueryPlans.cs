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

    public static async Task<IReadOnlyList<(string Statement, string Plan)>> ExplainAsync(
        NpgsqlDataSource db, string tenant, Request request, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var window = new StatisticsWindow(from, to);
        var plans = new List<(string, string)>();
        async Task Explain(string statement, string sql, Action<NpgsqlParameterCollection> parameters)
        {
            await using var command = db.CreateCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql);
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
        return plans;
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
