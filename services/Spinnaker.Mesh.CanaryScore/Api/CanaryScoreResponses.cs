using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.CanaryScore.Trends;
using Spinnaker.Mesh.Contracts.Canary.V1;

namespace Spinnaker.Mesh.CanaryScore.Api;

/// <summary><c>GET /api/canary/scores</c>: newest first.</summary>
internal sealed record CanaryScoreList(IReadOnlyList<CanaryScore> Judgments);

/// <summary>
/// One canary run as the API shows it. <see cref="Score"/> and <see cref="Classification"/> are null for a failed run,
/// whose <see cref="Status"/> and <see cref="Error"/> say what happened.
/// </summary>
internal sealed record CanaryScore(
    string JudgmentId,
    string Application,
    string? Service,
    string? Account,
    string? Region,
    string? Environment,
    string? ConfigId,
    string? ConfigName,
    double? Score,
    string? Classification,
    double? PassThreshold,
    double? MarginalThreshold,
    IReadOnlyList<CanaryGroupScore> GroupScores,
    IReadOnlyList<CanaryMetricVerdict> FailingMetrics,
    string? PipelineExecutionId,
    string? StageId,
    int? Interval,
    DateTimeOffset JudgedAt,
    string? ScoreSource,
    IReadOnlyList<string> Sources,
    string Status,
    string? Error)
{
    public static CanaryScore Of(Judgment j) => new(
        j.JudgmentId, j.Application, j.Service, j.Account, j.Region, j.Environment, j.ConfigId, j.ConfigName, j.Score,
        j.Classification, j.PassThreshold, j.MarginalThreshold, j.GroupScores, j.FailingMetrics, j.PipelineExecutionId,
        j.StageId, j.Interval, j.JudgedAt, j.ScoreSource, j.Sources, j.Status, j.Error);
}

/// <summary><c>GET /api/canary/trends</c>: one trend per service and canary config of the application.</summary>
internal sealed record CanaryTrendList(string Application, IReadOnlyList<CanaryTrend> Trends);

/// <param name="Config">The config id, else its name: what the trend groups by.</param>
/// <param name="Counts">Classifications over every judged run of the trend.</param>
/// <param name="Scores">The latest runs, oldest first.</param>
internal sealed record CanaryTrend(
    string? Service,
    string Config,
    string? ConfigId,
    string? ConfigName,
    CanaryTrendCounts Counts,
    IReadOnlyList<CanaryTrendPoint> Scores,
    double LatestScore,
    double? PassThreshold,
    double? MarginalThreshold,
    CanaryTrendVerdict TrendingTowardFailure);

internal sealed record CanaryTrendCounts(long Pass, long Marginal, long Fail);

internal sealed record CanaryTrendPoint(DateTimeOffset JudgedAt, double Score, string Classification, string JudgmentId);

/// <summary>Whether the trend is heading for failure, by which rule (null when not), why, and the figures.</summary>
internal sealed record CanaryTrendVerdict(bool Flag, string? Rule, string Evidence, TrendFigures Figures);
