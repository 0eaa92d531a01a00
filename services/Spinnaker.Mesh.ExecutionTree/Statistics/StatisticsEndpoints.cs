using Microsoft.AspNetCore.Http.HttpResults;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// The statistics handlers: read the tenant and the query, answer 400 problem+json for what cannot be read, and leave
/// the figures to the query classes. Each 400 names the query parameter to change. Every window is on execution start time, [from, to), default the last 30 days.
/// </summary>
internal static class StatisticsEndpoints
{
    /// <summary><c>GET /api/pipelines/stats?application=&amp;pipeline=&amp;from=&amp;to=</c></summary>
    public static async Task<Results<Ok<PipelineStatsReport>, ValidationProblem>> PipelinesAsync(
        string? application, string? pipeline, string? from, string? to,
        HttpContext http, PipelineStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(application))
            return MeshProblems.InvalidField("application",
                "'application' is required: pipeline statistics are per application, e.g. ?application=shop.", "Missing application");
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new PipelineStatsFilter(application, NullIfEmpty(pipeline), window);
        return TypedResults.Ok(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    /// <summary><c>GET /api/stages/failures?application=&amp;groupBy=stageType|cloudProvider|region|account&amp;from=&amp;to=</c></summary>
    public static async Task<Results<Ok<StageFailuresReport>, ValidationProblem>> StageFailuresAsync(
        string? application, string? groupBy, string? from, string? to,
        HttpContext http, StageFailureStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (!FailureGroupings.TryParse(groupBy, out var grouping))
            return MeshProblems.InvalidField("groupBy",
                $"'groupBy' must be {FailureGroupings.Allowed} (default stageType); got '{groupBy}'.", "Invalid groupBy");
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new StageFailuresFilter(NullIfEmpty(application), grouping, window);
        return TypedResults.Ok(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    /// <summary><c>GET /api/gates?application=&amp;pipeline=&amp;from=&amp;to=</c></summary>
    public static async Task<Results<Ok<GateStatsReport>, ValidationProblem>> GatesAsync(
        string? application, string? pipeline, string? from, string? to,
        HttpContext http, GateStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new GateStatsFilter(NullIfEmpty(application), NullIfEmpty(pipeline), window);
        return TypedResults.Ok(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    /// <summary><c>GET /api/templates/stats?templateId=&amp;from=&amp;to=</c></summary>
    public static async Task<Results<Ok<TemplateStatsReport>, ValidationProblem>> TemplatesAsync(
        string? templateId, string? from, string? to,
        HttpContext http, TemplateStatistics statistics, TimeProvider clock, CancellationToken ct)
    {
        if (!StatisticsWindow.TryParse(from, to, clock.GetUtcNow(), out var window, out var error))
            return InvalidWindow(error);
        var filter = new TemplateStatsFilter(NullIfEmpty(templateId), window);
        return TypedResults.Ok(await statistics.QueryAsync(http.GetMeshTenant(), filter, ct));
    }

    private static ValidationProblem InvalidWindow(string detail)
    {
        // StatisticsWindow's message starts with the parameter it is about; an empty window is about both.
        string[] fields = detail.StartsWith("'to'", StringComparison.Ordinal) ? ["to"]
            : detail.StartsWith("'from' must be an", StringComparison.Ordinal) ? ["from"]
            : ["from", "to"];
        return MeshProblems.Invalid(fields.ToDictionary(f => f, _ => new[] { detail }), "Invalid time window", detail);
    }

    // "?pipeline=" is how a form sends "any pipeline".
    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
