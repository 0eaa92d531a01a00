using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Spinnaker.Mesh.CanaryScore.Trends;

namespace Spinnaker.Mesh.CanaryScore.Api;

/// <summary>
/// <c>GET /api/canary/trends?application=</c>: per service and canary config, the classification counts, the latest
/// runs' scores and whether they trend toward failure (<see cref="TrendRule"/>, evaluated on the same runs the trend
/// events were decided on).
/// </summary>
internal static class CanaryTrendEndpoint
{
    public static async Task<Results<Ok<CanaryTrendList>, ValidationProblem>> GetAsync(
        string? application, HttpContext http, NpgsqlDataSource db, IOptions<TrendOptions> options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(application))
            return MeshProblems.InvalidField("application", "application is required: the Spinnaker application whose canary trends to show.");
        var settings = options.Value;
        var runs = Math.Max(settings.SeriesRuns, settings.EvaluatedRuns);
        var trends = await TrendQueries.OfApplicationAsync(db, http.GetMeshTenant(), application, runs, ct);
        return TypedResults.Ok(new CanaryTrendList(application, [.. trends.Select(t =>
        {
            var verdict = TrendRule.Evaluate([.. t.Runs.Select(TrendQueries.ToPoint)], settings);
            var latest = t.Runs[^1];
            return new CanaryTrend(
                latest.Service, t.Key.Config, latest.ConfigId, latest.ConfigName,
                new CanaryTrendCounts(t.Passes, t.Marginals, t.Fails),
                [.. t.Runs.TakeLast(settings.SeriesRuns).Select(r => new CanaryTrendPoint(r.JudgedAt, r.Score!.Value, r.Classification!, r.JudgmentId))],
                latest.Score!.Value, latest.PassThreshold, latest.MarginalThreshold,
                new CanaryTrendVerdict(verdict.Trending, verdict.Rule, verdict.Evidence, verdict.Figures));
        })]));
    }
}
