namespace Spinnaker.Mesh.Contracts.Impact.V1;

/// <summary>
/// The canary-score service compared a production deployment's service-level indicators in the window before it started
/// with the same window after it settled, in the application's metric source, with the canary judge. Recorded in the
/// deployment's stream and published once per assessment, MessageId = <see cref="EventId"/>.
/// </summary>
/// <param name="EventId">Deterministic id (tenant, execution and deploy stage).</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="ExecutionId">The execution that deployed.</param>
/// <param name="StageId">Its deploy stage.</param>
/// <param name="PipelineName">The pipeline.</param>
/// <param name="Environment">Always <c>production</c> today (only production deploys are assessed).</param>
/// <param name="Cluster">Cluster or manifest deployed.</param>
/// <param name="Account">Account deployed to.</param>
/// <param name="Region">Region, when stated.</param>
/// <param name="Namespace">Kubernetes namespace, when stated.</param>
/// <param name="Version">Version deployed (image tag, server group), when known.</param>
/// <param name="Verdict"><c>Pass</c>, <c>Marginal</c>, <c>Fail</c> or <c>Inconclusive</c>.</param>
/// <param name="Score">0–100 as the canary judge scores it; null when inconclusive.</param>
/// <param name="Reason">Why the verdict (for Inconclusive: no data, the query error, the source down; confounded by a later deploy).</param>
/// <param name="Slis">Each indicator's result.</param>
/// <param name="DeployStartedAt">When the deploy stage started (the before window ends there).</param>
/// <param name="DeployEndedAt">When it ended (the after window starts at this plus the settle time).</param>
/// <param name="AssessedAt">When the assessment was made.</param>
/// <param name="SupersededBy">Execution id of a later deploy of the same application whose windows overlap this one's, when any.</param>
public sealed record DeploymentImpactAssessed(
    Guid EventId,
    string Tenant,
    string Application,
    string ExecutionId,
    string StageId,
    string? PipelineName,
    string Environment,
    string? Cluster,
    string? Account,
    string? Region,
    string? Namespace,
    string? Version,
    string Verdict,
    double? Score,
    string? Reason,
    IReadOnlyList<SliImpact> Slis,
    DateTimeOffset DeployStartedAt,
    DateTimeOffset DeployEndedAt,
    DateTimeOffset AssessedAt,
    string? SupersededBy);

/// <summary>One indicator compared after against before.</summary>
/// <param name="Name">The indicator's name in the policy.</param>
/// <param name="Classification">The judge's classification: <c>Pass</c>, <c>High</c>, <c>Low</c>, <c>Nodata</c> or <c>Error</c>.</param>
/// <param name="BeforeMedian">Median over the window before the deploy.</param>
/// <param name="AfterMedian">Median over the window after it settled.</param>
/// <param name="Ratio">After median over before median.</param>
/// <param name="Critical">Whether the policy marks it critical (a critical failure fails the deployment).</param>
/// <param name="Reason">Why, in words (the judge's explanation, or the missing data or query error).</param>
public sealed record SliImpact(
    string Name, string Classification, double? BeforeMedian, double? AfterMedian, double? Ratio, bool Critical, string? Reason);

/// <summary>
/// A production deployment's assessment failed: its indicators got worse. Published with the assessment (same tenant and
/// execution; MessageId deterministic), for the rollback service's <c>deploymentDegraded</c> trigger and the timeline.
/// </summary>
/// <param name="EventId">Deterministic id (MessageId).</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="ExecutionId">The execution that deployed.</param>
/// <param name="StageId">Its deploy stage.</param>
/// <param name="Cluster">Cluster or manifest deployed.</param>
/// <param name="Account">Account deployed to.</param>
/// <param name="Region">Region, when stated.</param>
/// <param name="Namespace">Kubernetes namespace, when stated.</param>
/// <param name="Version">Version deployed, when known.</param>
/// <param name="Score">The assessment's score.</param>
/// <param name="DegradedSlis">The indicators that got worse.</param>
/// <param name="AssessedAt">When the assessment was made.</param>
public sealed record DeploymentDegraded(
    Guid EventId,
    string Tenant,
    string Application,
    string ExecutionId,
    string StageId,
    string? Cluster,
    string? Account,
    string? Region,
    string? Namespace,
    string? Version,
    double? Score,
    IReadOnlyList<SliImpact> DegradedSlis,
    DateTimeOffset AssessedAt);
