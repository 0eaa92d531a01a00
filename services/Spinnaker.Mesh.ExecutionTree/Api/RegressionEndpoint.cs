using Microsoft.AspNetCore.Http.HttpResults;
using Spinnaker.Mesh.ExecutionTree.Regressions;

namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary><c>GET /api/regressions?application=&amp;pipeline=&amp;limit=</c>: recorded duration regressions, newest first.</summary>
internal static class RegressionEndpoint
{
    public static async Task<Results<Ok<RegressionList>, ValidationProblem>> ListAsync(
        string? application, string? pipeline, string? limit, HttpContext http, RegressionQueries queries, CancellationToken ct)
    {
        if (!ListLimit.Policy.TryRead(limit, out var take)) return ListLimit.Policy.Invalid();
        var found = await queries.ListAsync(http.GetMeshTenant(),
            string.IsNullOrWhiteSpace(application) ? null : application,
            string.IsNullOrWhiteSpace(pipeline) ? null : pipeline,
            take, ct);
        return TypedResults.Ok(new RegressionList(found.Select(RegressionSummary.Of).ToList()));
    }
}

/// <summary>One regression as the API shows it: what was detected, by which execution, on what evidence.</summary>
internal sealed record RegressionSummary(
    Guid Id,
    string Application,
    string PipelineName,
    string? StageRefId,
    string? StageName,
    DateTimeOffset DetectedAt,
    string DetectedByExecutionId,
    int BaselineCount,
    int RecentCount,
    double BaselineMedianMs,
    double RecentMedianMs,
    double Ratio,
    double PValue)
{
    public static RegressionSummary Of(DurationRegression r) => new(r.Id, r.Application, r.PipelineName, r.StageRefId, r.StageName,
        r.DetectedAt, r.DetectedByExecutionId, r.BaselineCount, r.RecentCount, r.BaselineMedianMs, r.RecentMedianMs, r.Ratio, r.PValue);
}
