namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>What <c>GET /api/pipelines/stats</c> filters on; the application is required.</summary>
internal sealed record PipelineStatsFilter(string Application, string? Pipeline, StatisticsWindow Window);

internal sealed record PipelineStatsReport(DateTime From, DateTime To, IReadOnlyList<PipelineStats> Pipelines);

/// <summary>
/// One pipeline's PIPELINE executions started in the window. Rates and durations are over finished executions
/// (<see cref="RunStatuses.Finished"/>); running ones only count in <see cref="Executions"/>.
/// </summary>
internal sealed record PipelineStats(
    string Application,
    string Pipeline,
    long Executions,
    long Succeeded,
    long Failed,
    long Canceled,
    double? SuccessRate,
    double? FailureRate,
    DurationPercentiles? DurationMs,
    IReadOnlyList<PipelineStageStats> Stages,
    IReadOnlyList<PipelineRegression> Regressions);

/// <summary>A top-level stage of the pipeline (synthetic stages are inside their parent's duration already).</summary>
internal sealed record PipelineStageStats(
    string? RefId,
    string? StageName,
    string? StageType,
    long Count,
    double? FailureRate,
    DurationPercentiles? DurationMs);

/// <summary>A row of the regressions table; no stage means the whole pipeline got slower.</summary>
internal sealed record PipelineRegression(
    Guid RegressionId,
    string? StageRefId,
    string? StageName,
    DateTime DetectedAt,
    string DetectedByExecutionId,
    double BaselineMedianMs,
    double RecentMedianMs,
    double Ratio,
    double PValue);
