namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// One execution in one environment, classified (dora.md §3.2–§3.6): the row of the classified read model the
/// figures are computed from. An execution that deployed to two production environments is one row in each.
/// </summary>
/// <param name="ExecutionId">The execution.</param>
/// <param name="Application">Its application.</param>
/// <param name="Environment">The production environment, or for an excluded execution the environment it touched (null if none or unmapped).</param>
/// <param name="Classification">One of <see cref="DeploymentClasses"/>.</param>
/// <param name="Time">The row's time: deployment time, rollback completion, or the execution's end for excluded executions. Windows select on it.</param>
/// <param name="DeploymentTime">Latest end of the SUCCEEDED production deploy stages (rollbacks: of the rollback stages), null when none.</param>
/// <param name="DeployedSha">The resolved commit sha (§3.4), null when unknown.</param>
/// <param name="Version">The version compared for no-op and rollback detection: the sha, else the deployed artifacts.</param>
/// <param name="ChangeSet">The commits this deployment first brought to the environment, with their lead times (never negative).</param>
/// <param name="NegativeLeadTimes">Commits of the change set dropped because they were authored after the deployment (clock skew).</param>
/// <param name="ChangeInfoGap">Why the change set is unknown (<c>no_sha</c>, <c>sha_not_in_commit_history</c>, <c>previous_sha_not_in_commit_history</c>), null when known.</param>
/// <param name="ChangeFailure">Whether at least one signal made it a change failure.</param>
/// <param name="FailureSignals">Every signal that applies, with its evidence.</param>
/// <param name="Recovery">When the failure was recovered, null when it is not a failure or still open.</param>
/// <param name="OpenReason">For an open failure: why it is open.</param>
/// <param name="Remediates">For a rollback or hotfix: the execution it remediates, when known.</param>
/// <param name="RemediationKind"><c>rollback_stage</c>, <c>rollback_version</c> or <c>hotfix</c> for remediations.</param>
/// <param name="RestoredVersion">For a rollback: the version it restored, when known.</param>
/// <param name="RemediationIncidentGapSeconds">Incident resolution minus the first remediation, when both exist (§3.6).</param>
/// <param name="Notes">Diagnostic notes (<see cref="DeploymentNotes"/>).</param>
internal sealed record ClassifiedDeployment(
    string ExecutionId,
    string Application,
    string? Environment,
    string Classification,
    DateTimeOffset Time,
    DateTimeOffset? DeploymentTime,
    string? DeployedSha,
    string? Version,
    IReadOnlyList<ChangeLeadTime> ChangeSet,
    int NegativeLeadTimes,
    string? ChangeInfoGap,
    bool ChangeFailure,
    IReadOnlyList<FailureSignal> FailureSignals,
    Recovery? Recovery,
    string? OpenReason,
    string? Remediates,
    string? RemediationKind,
    string? RestoredVersion,
    double? RemediationIncidentGapSeconds,
    IReadOnlyList<string> Notes)
{
    public bool IsChange => DeploymentClasses.IsChange(Classification);

    public bool IsSuccessful => Classification == DeploymentClasses.SuccessfulProductionDeployment;

    public bool IsRollback => Classification == DeploymentClasses.RollbackRemediation;

    /// <summary>A hotfix that remediated an earlier deployment (S3): counted by the rework rate.</summary>
    public bool IsHotfix => IsSuccessful && RemediationKind == RemediationKinds.Hotfix;

    public bool IsOpenFailure => ChangeFailure && Recovery is null;
}

/// <summary>One commit of a change set: its time (UTC) and lead time in seconds.</summary>
internal sealed record ChangeLeadTime(string Sha, DateTimeOffset CommitTime, double LeadTimeSeconds);

/// <summary>A change failure signal and why it applies.</summary>
internal sealed record FailureSignal(string Signal, FailureEvidence Evidence);

/// <summary>
/// The evidence of a signal: a sentence, and the ids it rests on (the stage for S0, the incident for S1 and S4, the
/// remediating execution for S2 and S3, the attribution window for S4).
/// </summary>
internal sealed record FailureEvidence(
    string Description,
    string? StageId = null,
    string? StageType = null,
    string? StageStatus = null,
    string? IncidentId = null,
    string? RemediationExecutionId = null,
    double? AttributionWindowHours = null,
    double? SecondsAfterDeployment = null);

/// <summary>The end of a failure (§3.6): when, how long after the deployment, and what it came from.</summary>
internal sealed record Recovery(DateTimeOffset Time, double Seconds, string Basis, string? By);

internal static class RemediationKinds
{
    public const string RollbackStage = "rollback_stage";
    public const string RollbackVersion = "rollback_version";
    public const string Hotfix = "hotfix";
}
