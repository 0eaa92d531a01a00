namespace Spinnaker.Mesh.Dora.Domain.Figures;

// The response of GET /api/dora. Times are UTC, durations seconds, rates to 4 decimals, tiers
// elite|high|medium|low|null, and every median comes with its n.

/// <summary><c>GET /api/dora?application=&amp;environment=&amp;from=&amp;to=</c>.</summary>
internal sealed record DoraSummary(
    string Application,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    DeploymentFrequency DeploymentFrequency,
    LeadTimeForChanges LeadTimeForChanges,
    ChangeFailureRate ChangeFailureRate,
    FailedDeploymentRecoveryTime FailedDeploymentRecoveryTime,
    DeploymentReworkRate DeploymentReworkRate,
    IReadOnlyList<WeekFigures> Weeks,
    DoraDiagnostics Diagnostics);

/// <summary>Successful production deployments; deployment days per ISO week (distinct UTC dates), their median, per day.</summary>
internal sealed record DeploymentFrequency(
    int Deployments,
    IReadOnlyList<WeekDeploymentDays> DeploymentDaysPerWeek,
    double? MedianDeploymentDaysPerWeek,
    double DeploymentsPerDay,
    string? Tier);

/// <summary>One ISO week's deployment days (the window's part of it).</summary>
internal sealed record WeekDeploymentDays(string IsoWeek, int DeploymentDays);

/// <summary>Changes (commits) first deployed to production in the window; median and p90 (type 7) of their lead times.</summary>
internal sealed record LeadTimeForChanges(int Changes, double? MedianSeconds, double? P90Seconds, string? Tier);

/// <summary>Change failures ÷ (successful + failed production deployments), by deployment time.</summary>
internal sealed record ChangeFailureRate(int FailedDeployments, int Deployments, double? Rate, string? Tier);

/// <summary>Median recovery time of the recovered failures of the window; open ones counted apart.</summary>
internal sealed record FailedDeploymentRecoveryTime(int Recovered, int Open, double? MedianSeconds, string? Tier);

/// <summary>(Rollback remediations + hotfix deployments) ÷ (successful + failed + rollback deployments).</summary>
internal sealed record DeploymentReworkRate(int Remediations, int Deployments, double? Rate);

/// <summary>One ISO week of the window (<see cref="WeekEnd"/> is the next Monday 00:00Z, exclusive).</summary>
internal sealed record WeekFigures(
    string IsoWeek,
    DateTimeOffset WeekStart,
    DateTimeOffset WeekEnd,
    WeekDeploymentFrequency DeploymentFrequency,
    WeekLeadTime LeadTimeForChanges,
    WeekChangeFailureRate ChangeFailureRate,
    WeekRecoveryTime FailedDeploymentRecoveryTime);

internal sealed record WeekDeploymentFrequency(int Deployments, int DeploymentDays);

internal sealed record WeekLeadTime(int Changes, double? MedianSeconds);

internal sealed record WeekChangeFailureRate(int FailedDeployments, int Deployments, double? Rate);

internal sealed record WeekRecoveryTime(int Recovered, int Open, double? MedianSeconds);
