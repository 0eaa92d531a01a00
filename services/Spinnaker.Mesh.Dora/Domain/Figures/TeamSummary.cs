namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// <c>GET /api/dora/teams?team=&amp;from=&amp;to=</c>: the team's figures as a pooled recompute (see
/// <see cref="Pooling"/>), and each application's own figures beside them (the distribution DORA prefers).
/// </summary>
internal sealed record TeamSummary(
    string Team,
    IReadOnlyList<string> Applications,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    string Pooling,
    DeploymentFrequency DeploymentFrequency,
    LeadTimeForChanges LeadTimeForChanges,
    ChangeFailureRate ChangeFailureRate,
    FailedDeploymentRecoveryTime FailedDeploymentRecoveryTime,
    DeploymentReworkRate DeploymentReworkRate,
    IReadOnlyList<WeekFigures> Weeks,
    IReadOnlyList<ApplicationFigures> PerApplication);

/// <summary>One application's headline figures in a team roll-up.</summary>
internal sealed record ApplicationFigures(
    string Application,
    DeploymentFrequency DeploymentFrequency,
    LeadTimeForChanges LeadTimeForChanges,
    ChangeFailureRate ChangeFailureRate,
    FailedDeploymentRecoveryTime FailedDeploymentRecoveryTime,
    DeploymentReworkRate DeploymentReworkRate);
