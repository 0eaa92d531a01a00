namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// One row of <c>GET /api/dora/deployments</c>: an execution in an environment, with its class, change set, signals and
/// recovery. <see cref="DeploymentTime"/> is null for executions that deployed nothing to production; their
/// <see cref="IsoWeek"/> is that of the execution's end.
/// </summary>
internal sealed record DeploymentRow(
    string ExecutionId,
    string Classification,
    DateTimeOffset? DeploymentTime,
    string IsoWeek,
    string? Environment,
    string? DeployedSha,
    IReadOnlyList<ChangeRow> ChangeSet,
    bool ChangeFailure,
    IReadOnlyList<FailureSignalRow> FailureSignals,
    RecoveryRow? Recovery,
    string? Remediates);

internal sealed record ChangeRow(string Sha, DateTimeOffset CommitTime, double LeadTimeSeconds);

internal sealed record FailureSignalRow(string Signal, Classification.FailureEvidence Evidence);

internal sealed record RecoveryRow(DateTimeOffset Time, double Seconds);
