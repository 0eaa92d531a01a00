namespace Spinnaker.Mesh.Contracts.ExecutionTree.V1;

/// <summary>
/// The execution-tree service found that recent successful runs of a pipeline (or of one of its top-level stages)
/// are significantly slower than that pipeline's (or stage's) historical baseline. Recorded once per pipeline or stage
/// and detecting execution, then published with MessageId = <see cref="EventId"/>; a republish carries the same id,
/// so subscribers deduplicate on it.
/// </summary>
/// <param name="EventId">Deterministic id of this regression (tenant, application, pipeline, stage and detecting execution).</param>
/// <param name="DetectedAt">When Mesh detected the regression (UTC).</param>
/// <param name="Tenant">Mesh tenant the executions belong to.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="PipelineName">Pipeline whose runs got slower.</param>
/// <param name="StageRefId">The top-level stage that got slower; null when the regression is about the whole pipeline run.</param>
/// <param name="StageName">That stage's name in the detecting execution; null for a pipeline regression.</param>
/// <param name="DetectedByExecutionId">The completed execution whose arrival revealed the regression.</param>
/// <param name="BaselineCount">Successful runs in the historical baseline.</param>
/// <param name="RecentCount">Successful runs in the recent window compared with the baseline.</param>
/// <param name="BaselineMedianMs">Median duration of the baseline runs, in milliseconds.</param>
/// <param name="RecentMedianMs">Median duration of the recent runs, in milliseconds.</param>
/// <param name="Ratio">Recent median divided by baseline median.</param>
/// <param name="PValue">Significance of the slowdown: the probability of recent runs at least this much slower by chance alone.</param>
public sealed record ExecutionDurationRegressed(
    Guid EventId,
    DateTimeOffset DetectedAt,
    string Tenant,
    string Application,
    string PipelineName,
    string? StageRefId,
    string? StageName,
    string DetectedByExecutionId,
    int BaselineCount,
    int RecentCount,
    double BaselineMedianMs,
    double RecentMedianMs,
    double Ratio,
    double PValue);
