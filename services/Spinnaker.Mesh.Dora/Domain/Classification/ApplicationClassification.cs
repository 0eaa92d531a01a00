namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// Everything classified for one application: its deployment rows and the application-wide findings (incidents,
/// duplicate deliveries, unmapped accounts). Recomputed as a whole from the application's full input set, so it
/// never depends on arrival order; the figures are computed from a window of it.
/// </summary>
/// <param name="Application">The application.</param>
/// <param name="Deployments">One row per (execution, environment), ordered by time then execution id then environment.</param>
/// <param name="Incidents">What became of each incident.</param>
/// <param name="Duplicates">Executions delivered more than once as terminal.</param>
/// <param name="UnmappedAccounts">Deploy or rollback stages on accounts the settings do not map.</param>
/// <param name="CoveredFrom">The earliest execution seen: a window starting at or after it has full data coverage.</param>
internal sealed record ApplicationClassification(
    string Application,
    IReadOnlyList<ClassifiedDeployment> Deployments,
    IReadOnlyList<IncidentFinding> Incidents,
    IReadOnlyList<DuplicateDelivery> Duplicates,
    IReadOnlyList<UnmappedAccountUse> UnmappedAccounts,
    DateTimeOffset? CoveredFrom);

/// <summary>An incident and what it was attributed to.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="StartedAt">When it started: windows select on it.</param>
/// <param name="Kind"><c>attributed</c>, <c>unattributed</c> or <c>non_change</c>.</param>
/// <param name="Signal">S1 or S4 when attributed.</param>
/// <param name="AttributedTo">The executions it made change failures.</param>
/// <param name="Reason">Why it is unattributed.</param>
internal sealed record IncidentFinding(
    string IncidentId, DateTimeOffset StartedAt, string Kind, string? Signal, IReadOnlyList<string> AttributedTo, string? Reason)
{
    public const string Attributed = "attributed";
    public const string Unattributed = "unattributed";
    public const string NonChange = "non_change";
}

/// <summary>An execution whose terminal state arrived more than once; the latest terminal state won.</summary>
/// <param name="ExecutionId">The execution.</param>
/// <param name="Deliveries">How many terminal deliveries arrived.</param>
/// <param name="DistinctStates">How many of them differed (a restarted execution has more than one).</param>
/// <param name="Time">The winning delivery's execution time.</param>
internal sealed record DuplicateDelivery(string ExecutionId, int Deliveries, int DistinctStates, DateTimeOffset Time);

/// <summary>A deploy or rollback stage on an account that maps to no environment (so not production).</summary>
internal sealed record UnmappedAccountUse(string Account, string ExecutionId, DateTimeOffset Time);
