namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// The <c>dora-2023-banded</c> tiers of dora.md §2.3, half-open exactly as written (24 h of lead time is high, not
/// elite), computed from pooled samples; no samples give null, never elite.
/// </summary>
internal static class Tiers
{
    public const string Elite = "elite";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    private const double Hour = 3600;
    private const double Day = 24 * Hour;

    /// <summary>
    /// Median deployment days per ISO week ≥ 5 elite, ≥ 1 high; else median deployment days per calendar month ≥ 1
    /// medium; else low. With no deployments: low only when the window is fully covered by data, else null.
    /// </summary>
    public static string? DeploymentFrequency(int deployments, double? medianDaysPerWeek, double? medianDaysPerMonth, bool fullCoverage)
    {
        if (deployments == 0) return fullCoverage ? Low : null;
        if (medianDaysPerWeek >= 5) return Elite;
        if (medianDaysPerWeek >= 1) return High;
        return medianDaysPerMonth >= 1 ? Medium : Low;
    }

    /// <summary>&lt; 24 h elite, &lt; 168 h high, &lt; 720 h medium, else low.</summary>
    public static string? LeadTime(double? medianSeconds) => medianSeconds switch
    {
        null => null,
        < Day => Elite,
        < 7 * Day => High,
        < 30 * Day => Medium,
        _ => Low,
    };

    /// <summary>≤ 5 % elite, ≤ 10 % high, ≤ 15 % medium, else low; compared in integers so 1/20 is exactly 5 %.</summary>
    public static string? ChangeFailureRate(int failed, int deployments)
    {
        if (deployments == 0) return null;
        var percent = 100L * failed;
        if (percent <= 5L * deployments) return Elite;
        if (percent <= 10L * deployments) return High;
        return percent <= 15L * deployments ? Medium : Low;
    }

    /// <summary>&lt; 1 h elite, &lt; 24 h high, &lt; 168 h medium, else low.</summary>
    public static string? RecoveryTime(double? medianSeconds) => medianSeconds switch
    {
        null => null,
        < Hour => Elite,
        < Day => High,
        < 7 * Day => Medium,
        _ => Low,
    };
}
