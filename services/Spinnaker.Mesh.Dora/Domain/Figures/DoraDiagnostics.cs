namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// Why the figures are what they are (§3.8). The first nine members are the API's required diagnostics; the last four are further
/// diagnostics §3.2, §3.6, §3.8 and §3.10 ask for. Items are those of the window (by deployment, execution or
/// incident start time) and, when an environment is asked for, of that environment.
/// </summary>
internal sealed record DoraDiagnostics(
    IReadOnlyList<DuplicateDeliveryItem> DuplicateDeliveries,
    IReadOnlyList<UnmappedAccountItem> UnmappedAccounts,
    IReadOnlyList<MissingChangeInfoItem> DeploymentsWithoutChangeInfo,
    int NegativeLeadTimes,
    IReadOnlyList<RollbackRemediationItem> RollbackRemediations,
    IReadOnlyList<NoopRedeployItem> NoopRedeploys,
    IReadOnlyList<IncidentItem> UnattributedChangeIncidents,
    IReadOnlyList<IncidentItem> NonChangeIncidents,
    IReadOnlyList<OpenFailureItem> OpenFailures,
    IReadOnlyList<ExecutionItem> TerminatedAfterDeploy,
    IReadOnlyList<ExecutionItem> PartialRollouts,
    IReadOnlyList<RemediationIncidentGapItem> RemediationIncidentGaps,
    IReadOnlyList<ExcludedExecutionItem> ExcludedExecutions);

/// <summary>An execution delivered more than once as terminal; <see cref="DistinctStates"/> &gt; 1 means it was restarted.</summary>
internal sealed record DuplicateDeliveryItem(string ExecutionId, int Deliveries, int DistinctStates);

/// <summary>An account the settings do not map (so not production), and how many executions deployed to it.</summary>
internal sealed record UnmappedAccountItem(string Account, int Executions);

/// <summary>A production deployment whose change set is unknown, and why (<c>no_sha</c>, ...).</summary>
internal sealed record MissingChangeInfoItem(string ExecutionId, string? Environment, string Classification, string Reason);

/// <summary>A rollback: stage-based (<c>rollback_stage</c>) or version-based (<c>rollback_version</c>).</summary>
internal sealed record RollbackRemediationItem(
    string ExecutionId, string? Environment, DateTimeOffset Time, string Kind, string? Remediates, string? RestoredVersion);

internal sealed record NoopRedeployItem(string ExecutionId, string? Environment, DateTimeOffset Time, string? Version);

internal sealed record IncidentItem(string IncidentId, DateTimeOffset StartedAt, string Reason);

/// <summary>A change failure not yet recovered, with its age at <c>asOf</c>.</summary>
internal sealed record OpenFailureItem(string ExecutionId, string? Environment, DateTimeOffset DeploymentTime, double AgeSeconds, string Reason);

internal sealed record ExecutionItem(string ExecutionId, string? Environment, DateTimeOffset Time);

/// <summary>Incident resolution minus the first remediation of the same failure (§3.6: resolution wins; the gap is shown).</summary>
internal sealed record RemediationIncidentGapItem(string ExecutionId, string? Environment, double GapSeconds);

/// <summary>An execution counted in no figure, with its class.</summary>
internal sealed record ExcludedExecutionItem(string ExecutionId, string? Environment, string Classification);
