namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>
/// What a canary stage's context says about its Kayenta analysis, for <c>kayentaCanary</c> stages (the whole analysis:
/// config, thresholds, the per-interval <see cref="Scores"/> Orca aggregated) and their <c>runCanary</c> interval stages
/// (one Kayenta canary execution each: <see cref="KayentaExecutionId"/>, <see cref="Score"/>, the analysed windows).
/// </summary>
/// <param name="ConfigId">Kayenta canary config id (<c>canaryConfigId</c>).</param>
/// <param name="ConfigName">Kayenta canary config name (<c>canaryConfigName</c>), when the stage names the config.</param>
/// <param name="MetricsAccount">Kayenta metrics account (<c>metricsAccountName</c>).</param>
/// <param name="StorageAccount">Kayenta storage account (<c>storageAccountName</c>).</param>
/// <param name="PassThreshold">Score threshold to pass (<c>scoreThresholds.pass</c>).</param>
/// <param name="MarginalThreshold">Score threshold below which the canary fails (<c>scoreThresholds.marginal</c>).</param>
/// <param name="Scopes">The control and experiment scopes analysed.</param>
/// <param name="Scores">For a <c>kayentaCanary</c> stage: one score per interval, in interval order (<c>canaryScores</c>).</param>
/// <param name="ScoreMessage">Orca's verdict on the scores (<c>canaryScoreMessage</c>).</param>
/// <param name="IntervalStageId">For a <c>kayentaCanary</c> stage: its <c>runCanaryIntervals</c> child stage.</param>
/// <param name="Interval">For a <c>runCanary</c> stage: its number, from the name <c>Run Canary #n</c>.</param>
/// <param name="KayentaExecutionId">For a <c>runCanary</c> stage: the Kayenta canary execution (<c>canaryPipelineExecutionId</c>).</param>
/// <param name="KayentaStatus">Kayenta's status of that execution (<c>canaryPipelineStatus</c>).</param>
/// <param name="Score">For a <c>runCanary</c> stage: the interval's score as Orca read it (<c>canaryScore</c>).</param>
/// <param name="ScoredAt">When Orca last polled Kayenta (<c>lastUpdatedIso</c>, else <c>lastUpdated</c>).</param>
/// <param name="Warnings">Orca's warnings about the run (<c>warnings</c>), e.g. too few data points.</param>
public sealed record CanaryInfo(
    string? ConfigId,
    string? ConfigName,
    string? MetricsAccount,
    string? StorageAccount,
    double? PassThreshold,
    double? MarginalThreshold,
    IReadOnlyList<CanaryScopeInfo> Scopes,
    IReadOnlyList<double> Scores,
    string? ScoreMessage,
    string? IntervalStageId,
    int? Interval,
    string? KayentaExecutionId,
    string? KayentaStatus,
    double? Score,
    DateTimeOffset? ScoredAt,
    IReadOnlyList<string> Warnings);

/// <summary>One scope pair of a canary analysis.</summary>
/// <param name="ScopeName">Scope name (<c>default</c> unless the config uses several).</param>
/// <param name="ControlScope">The baseline: a server group, cluster or workload name.</param>
/// <param name="ControlLocation">The baseline's region or namespace.</param>
/// <param name="ExperimentScope">The canary: a server group, cluster or workload name.</param>
/// <param name="ExperimentLocation">The canary's region or namespace.</param>
/// <param name="Start">Start of the analysed window, when the stage states it.</param>
/// <param name="End">End of the analysed window, when the stage states it.</param>
/// <param name="StepSeconds">Metric resolution in seconds.</param>
public sealed record CanaryScopeInfo(
    string ScopeName,
    string? ControlScope,
    string? ControlLocation,
    string? ExperimentScope,
    string? ExperimentLocation,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    int? StepSeconds);
