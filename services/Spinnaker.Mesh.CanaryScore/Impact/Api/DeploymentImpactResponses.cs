using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Api;

/// <summary>
/// A production deployment's impact as the API shows it. <see cref="Verdict"/> is <c>pending</c> (and
/// <see cref="Score"/>, <see cref="AssessedAt"/> null, <see cref="Slis"/> empty) until the assessment is made; then
/// <c>Pass</c>, <c>Marginal</c>, <c>Fail</c> or <c>Inconclusive</c>, with the reason.
/// </summary>
/// <param name="SupersededBy">The later deploy of the application that confounded this one, when one did.</param>
/// <param name="DueAt">While pending: when the next attempt is due (the after window's end plus the query delay, or the retry).</param>
/// <param name="Attempts">While pending: attempts that found the metric source unavailable.</param>
internal sealed record DeploymentImpactResponse(
    string ExecutionId,
    string Application,
    string Environment,
    string Verdict,
    double? Score,
    IReadOnlyList<SliImpact> Slis,
    DateTimeOffset? AssessedAt,
    string? Reason,
    string? SupersededBy,
    ImpactWindow BeforeWindow,
    ImpactWindow AfterWindow,
    DateTimeOffset DeployStartedAt,
    DateTimeOffset DeployEndedAt,
    string StageId,
    string? PipelineName,
    string? Cluster,
    string? Account,
    string? Region,
    string? Namespace,
    string? Version,
    string? Source,
    DateTimeOffset? DueAt,
    int Attempts);

/// <summary><c>GET /api/impact</c>: the latest deploys first (by deploy end).</summary>
internal sealed record DeploymentImpactList(IReadOnlyList<DeploymentImpactResponse> Deployments);
