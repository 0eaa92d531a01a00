namespace Spinnaker.Mesh.Contracts.Canary.V1;

/// <summary>
/// A canary run was judged: one Kayenta canary execution (one interval of a <c>kayentaCanary</c> stage, or a run
/// reported by Kayenta directly). Published once per judgment, with MessageId = <see cref="EventId"/>, after it was
/// committed; the same run seen from Echo and from Kayenta's webhook is one judgment.
/// </summary>
/// <param name="EventId">Deterministic id of the judgment (tenant and <see cref="JudgmentId"/>).</param>
/// <param name="JudgmentId">The Kayenta canary execution id, or, for a score Orca reported without one, an id derived
/// from the pipeline execution, the canary stage and the interval.</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="Service">The service (cluster) under test: the experiment scope without its server-group version and canary suffix.</param>
/// <param name="Account">Deploy account of that cluster in the pipeline, when known.</param>
/// <param name="Region">Region or namespace of the experiment scope.</param>
/// <param name="Environment">Environment of the account (configured mapping), when known.</param>
/// <param name="ConfigId">Kayenta canary config id.</param>
/// <param name="ConfigName">Kayenta canary config name, when known.</param>
/// <param name="Score">The score, 0 to 100 (Kayenta's double when Kayenta reported it; Orca's integer reading otherwise).</param>
/// <param name="Classification"><c>Pass</c>, <c>Marginal</c> or <c>Fail</c> by Kayenta's rule (≥ pass, ≥ marginal).</param>
/// <param name="PassThreshold">Pass threshold the run was held against.</param>
/// <param name="MarginalThreshold">Marginal threshold the run was held against.</param>
/// <param name="GroupScores">Score of each metric group, when Kayenta reported them.</param>
/// <param name="FailingMetrics">Metrics that did not pass, with Kayenta's classification and the reason.</param>
/// <param name="PipelineExecutionId">The Spinnaker pipeline execution that ran the canary, when known.</param>
/// <param name="StageId">The <c>runCanary</c> stage, when the judgment came from Echo.</param>
/// <param name="JudgedAt">When the run was judged (Kayenta's end time, else Orca's last update).</param>
public sealed record CanaryJudged(
    Guid EventId,
    string JudgmentId,
    string Tenant,
    string Application,
    string? Service,
    string? Account,
    string? Region,
    string? Environment,
    string? ConfigId,
    string? ConfigName,
    double Score,
    string Classification,
    double? PassThreshold,
    double? MarginalThreshold,
    IReadOnlyList<CanaryGroupScore> GroupScores,
    IReadOnlyList<CanaryMetricVerdict> FailingMetrics,
    string? PipelineExecutionId,
    string? StageId,
    DateTimeOffset JudgedAt);

/// <summary>One metric group's score in a judgment.</summary>
public sealed record CanaryGroupScore(string Name, double Score);

/// <summary>A metric that did not pass: Kayenta's classification (<c>High</c>, <c>Low</c>, <c>Nodata</c>, <c>NodataFailMetric</c>, <c>Error</c>) and why.</summary>
public sealed record CanaryMetricVerdict(string Name, string Classification, string? Reason, bool Critical);
