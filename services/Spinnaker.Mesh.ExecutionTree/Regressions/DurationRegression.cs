using Spinnaker.Mesh.Contracts.ExecutionTree.V1;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// A row of <c>execution_tree.regressions</c>: recent successful runs of a pipeline, or of one of its top-level
/// stages (<see cref="StageRefId"/> set), were significantly slower than its baseline when
/// <see cref="DetectedByExecutionId"/> completed.
/// </summary>
internal sealed record DurationRegression(
    Guid Id,
    string Tenant,
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
    /// <summary>The event published for this regression; its id is the regression's, so a republish is recognisable.</summary>
    public ExecutionDurationRegressed ToEvent() => new(
        Id, DetectedAt, Tenant, Application, PipelineName, StageRefId, StageName, DetectedByExecutionId,
        BaselineCount, RecentCount, BaselineMedianMs, RecentMedianMs, Ratio, PValue);
}
