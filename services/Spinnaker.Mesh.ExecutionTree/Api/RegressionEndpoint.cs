using Spinnaker.Mesh.ExecutionTree.Regressions;

namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary><c>GET /api/regressions?application=&amp;pipeline=&amp;limit=</c>: recorded duration regressions, newest first.</summary>
internal static class RegressionEndpoint
{
    public static async Task<IResult> ListAsync(
        string? application, string? pipeline, string? limit, HttpContext http, RegressionQueries queries, CancellationToken ct)
    {
        if (!QueryLimit.TryParse(limit, out var take)) return QueryLimit.Invalid();
        var found = await queries.ListAsync(http.GetMeshTenant(),
            string.IsNullOrWhiteSpace(application) ? null : application,
            string.IsNullOrWhiteSpace(pipeline) ? null : pipeline,
            take, ct);
        var regressions = found.Select(r => new
        {
            id = r.Id,
            r.Application,
            r.PipelineName,
            r.StageRefId,
            r.StageName,
            r.DetectedAt,
            r.DetectedByExecutionId,
            r.BaselineCount,
            r.RecentCount,
            r.BaselineMedianMs,
            r.RecentMedianMs,
            r.Ratio,
            r.PValue,
        });
        return Results.Json(new { regressions }, ExecutionTreeJson.Api);
    }
}
