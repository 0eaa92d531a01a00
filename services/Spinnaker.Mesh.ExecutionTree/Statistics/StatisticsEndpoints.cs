namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// The statistics handlers: read the tenant and the query, answer 400 problem+json for what cannot be read, and leave
/// the figures to the query classes. Every window is on execution start time, [from, to), default the last 30 days.
/// </summary>
internal static class StatisticsEndpoints
{
    /// <summary><c>GET /api/pipelines/stats?application=&amp;pipeline=&amp;from=&amp;to=</c></summary>
    public static async Task<IResult> PipelinesAsync(
        string? application, string? pipeline, string? from, string? to,
        HttpContext http, PipelineStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(application))
            return Results.Problem(statusCode: 400, title: "Missing application",
                detail: "'application' is required: pipeline statistics are per application, e.g. ?application=shop.");
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new PipelineStatsFilter(application, NullIfEmpty(pipeline), window);
        return Json(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    /// <summary><c>GET /api/stages/failures?application=&amp;groupBy=stageType|cloudProvider|region|account&amp;from=&amp;to=</c></summary>
    public static async Task<IResult> StageFailuresAsync(
        string? application, string? groupBy, string? from, string? to,
        HttpContext http, StageFailureStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (!FailureGroupings.TryParse(groupBy, out var grouping))
            return Results.Problem(statusCode: 400, title: "Invalid groupBy",
                detail: $"'groupBy' must be {FailureGroupings.Allowed} (default stageType); got '{groupBy}'.");
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new StageFailuresFilter(NullIfEmpty(application), grouping, window);
        return Json(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    /// <summary><c>GET /api/gates?application=&amp;pipeline=&amp;from=&amp;to=</c></summary>
    public static async Task<IResult> GatesAsync(
        string? application, string? pipeline, string? from, string? to,
        HttpContext http, GateStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new GateStatsFilter(NullIfEmpty(application), NullIfEmpty(pipeline), window);
        return Json(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    /// <summary><c>GET /api/templates/stats?templateId=&amp;from=&amp;to=</c></summary>
    public static async Task<IResult> TemplatesAsync(
        string? templateId, string? from, string? to,
        HttpContext http, TemplateStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new TemplateStatsFilter(NullIfEmpty(templateId), window);
        return Json(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    private static IResult InvalidWindow(string detail) =>
        Results.Problem(statusCode: 400, title: "Invalid time window", detail: detail);

    private static IResult Json<T>(T report) => Results.Json(report, ExecutionTreeJson.Api);

    // "?pipeline=" is how a form sends "any pipeline".
    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
