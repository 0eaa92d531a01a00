namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>What <c>GET /api/templates/stats</c> filters on; every filter is optional.</summary>
internal sealed record TemplateStatsFilter(string? TemplateId, StatisticsWindow Window);

internal sealed record TemplateStatsReport(DateTime From, DateTime To, IReadOnlyList<TemplateStats> Templates);

/// <summary>
/// Executions of one managed pipeline template version. v2 executions do not carry the template reference
/// (echo.md §5), so all of them share <c>templateId: null</c> per version.
/// </summary>
internal sealed record TemplateStats(
    string? TemplateId,
    string TemplateVersion,
    long Executions,
    long Succeeded,
    double? SuccessRate,
    DurationPercentiles? DurationMs);
