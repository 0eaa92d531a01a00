namespace Spinnaker.Mesh.Contracts.Dora.V1;

/// <summary>
/// The DORA service classified an execution (dora.md §3.2) in one environment, or classified it again because late or
/// duplicate events, commits, incidents or a settings change changed its classification. Published after the commit
/// with MessageId = <see cref="EventId"/>, which is derived from the execution, the environment and the classification's
/// content: the same classification is never published under two ids.
/// </summary>
/// <param name="EventId">Deterministic id (tenant, application, environment, execution, content).</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="Environment">Environment name of the deployed account(s).</param>
/// <param name="ExecutionId">Orca execution id.</param>
/// <param name="Classification">dora.md §3.2 class: <c>successful_production_deployment</c>, <c>failed_production_deployment</c>, <c>noop_redeploy</c>, <c>rollback_remediation</c>, <c>no_production_change</c>, <c>non_production_deployment</c> or <c>no_deploy_stage</c>.</param>
/// <param name="DeploymentTime">When it counts as deployed (UTC).</param>
/// <param name="DeployedSha">The deployed commit, when known.</param>
/// <param name="ChangeCount">Commits in its change set.</param>
/// <param name="ChangeFailure">Whether it is a change failure (then <see cref="ChangeFailureDetected"/> names why).</param>
public sealed record DeploymentRecorded(
    Guid EventId,
    string Tenant,
    string Application,
    string Environment,
    string ExecutionId,
    string Classification,
    DateTimeOffset DeploymentTime,
    string? DeployedSha,
    int ChangeCount,
    bool ChangeFailure);

/// <summary>
/// A deployment became a change failure (dora.md §3.5). Published once per (deployment, signal) after the commit,
/// with MessageId = <see cref="EventId"/>.
/// </summary>
/// <param name="EventId">Deterministic id (tenant, application, environment, execution, signal).</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="Environment">Environment name.</param>
/// <param name="ExecutionId">The failed deployment.</param>
/// <param name="Signal">The signal that made it one: <c>S0</c>…<c>S4</c>.</param>
/// <param name="Evidence">Why, in words: the stage, incident, rollback or hotfix and the attribution window.</param>
/// <param name="DetectedAt">When the signal's evidence happened (UTC).</param>
public sealed record ChangeFailureDetected(
    Guid EventId,
    string Tenant,
    string Application,
    string Environment,
    string ExecutionId,
    string Signal,
    string Evidence,
    DateTimeOffset DetectedAt);
