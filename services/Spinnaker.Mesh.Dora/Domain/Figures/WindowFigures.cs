using Spinnaker.Mesh.Dora.Domain.Classification;

namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// The five figures and the weekly breakdown of a window, from classified rows. Every sample is attributed to the
/// bucket of its deployment's time (a lead time, a failure and its recovery all to D's week), and windows pool raw
/// samples: no median of medians, no mean of rates (§3.7).
/// </summary>
internal sealed record WindowFigures(
    DeploymentFrequency DeploymentFrequency,
    LeadTimeForChanges LeadTimeForChanges,
    ChangeFailureRate ChangeFailureRate,
    FailedDeploymentRecoveryTime FailedDeploymentRecoveryTime,
    DeploymentReworkRate DeploymentReworkRate,
    IReadOnlyList<WeekFigures> Weeks)
{
    /// <param name="rows">The window's rows (already selected by window and environment).</param>
    /// <param name="from">Window start.</param>
    /// <param name="to">Window end (exclusive).</param>
    /// <param name="fullCoverage">Whether data covers the whole window (DF's tier with no deployments).</param>
    public static WindowFigures Compute(IReadOnlyList<ClassifiedDeployment> rows, DateTimeOffset from, DateTimeOffset to, bool fullCoverage)
    {
        var successful = rows.Where(r => r.IsSuccessful).ToList();
        var weeks = IsoWeeks.Overlapping(from, to).Select(start => Week(rows, start)).ToList();

        var daysPerWeek = Statistics.Sorted(weeks.Select(w => (double)w.DeploymentFrequency.DeploymentDays));
        var daysPerMonth = Statistics.Sorted(IsoWeeks.MonthsOverlapping(from, to)
            .Select(month => (double)DeploymentDays(successful.Where(r => r.Time >= month && r.Time < month.AddMonths(1)))));
        var medianWeek = Statistics.Median(daysPerWeek);
        var windowDays = (to - from).TotalDays;
        var deploymentFrequency = new DeploymentFrequency(
            successful.Count,
            [.. weeks.Select(w => new WeekDeploymentDays(w.IsoWeek, w.DeploymentFrequency.DeploymentDays))],
            medianWeek,
            windowDays <= 0 ? 0 : Math.Round(successful.Count / windowDays, 4, MidpointRounding.AwayFromZero),
            Tiers.DeploymentFrequency(successful.Count, medianWeek, Statistics.Median(daysPerMonth), fullCoverage));

        var leadTimes = LeadTimes(successful);
        var medianLead = Statistics.Median(leadTimes);
        var leadTime = new LeadTimeForChanges(leadTimes.Count, Statistics.Seconds(medianLead),
            Statistics.Seconds(Statistics.Percentile(leadTimes, 0.9)), Tiers.LeadTime(medianLead));

        var (failed, changes) = Failures(rows);
        var changeFailureRate = new ChangeFailureRate(failed, changes, Statistics.Rate(failed, changes), Tiers.ChangeFailureRate(failed, changes));

        var (recoveries, open) = Recoveries(rows);
        var medianRecovery = Statistics.Median(recoveries);
        var recovery = new FailedDeploymentRecoveryTime(recoveries.Count, open, Statistics.Seconds(medianRecovery), Tiers.RecoveryTime(medianRecovery));

        var remediations = rows.Count(r => r.IsRollback || r.IsHotfix);
        var reworkBase = rows.Count(r => r.IsChange || r.IsRollback);
        var rework = new DeploymentReworkRate(remediations, reworkBase, Statistics.Rate(remediations, reworkBase));

        return new WindowFigures(deploymentFrequency, leadTime, changeFailureRate, recovery, rework, weeks);
    }

    private static WeekFigures Week(IReadOnlyList<ClassifiedDeployment> rows, DateTimeOffset start)
    {
        var end = start.AddDays(7);
        var inWeek = rows.Where(r => r.Time >= start && r.Time < end).ToList();
        var successful = inWeek.Where(r => r.IsSuccessful).ToList();
        var leadTimes = LeadTimes(successful);
        var (failed, changes) = Failures(inWeek);
        var (recoveries, open) = Recoveries(inWeek);
        return new WeekFigures(
            IsoWeeks.Label(start), start, end,
            new WeekDeploymentFrequency(successful.Count, DeploymentDays(successful)),
            new WeekLeadTime(leadTimes.Count, Statistics.Seconds(Statistics.Median(leadTimes))),
            new WeekChangeFailureRate(failed, changes, Statistics.Rate(failed, changes)),
            new WeekRecoveryTime(recoveries.Count, open, Statistics.Seconds(Statistics.Median(recoveries))));
    }

    /// <summary>Distinct UTC dates with at least one successful production deployment (pooled rows: of any of them).</summary>
    private static int DeploymentDays(IEnumerable<ClassifiedDeployment> successful) =>
        successful.Select(r => IsoWeeks.UtcDate(r.Time)).Distinct().Count();

    private static List<double> LeadTimes(IEnumerable<ClassifiedDeployment> successful) =>
        Statistics.Sorted(successful.SelectMany(r => r.ChangeSet).Select(c => c.LeadTimeSeconds));

    private static (int Failed, int Changes) Failures(IEnumerable<ClassifiedDeployment> rows)
    {
        var changes = rows.Where(r => r.IsChange).ToList();
        return (changes.Count(r => r.ChangeFailure), changes.Count);
    }

    private static (List<double> Recovered, int Open) Recoveries(IEnumerable<ClassifiedDeployment> rows)
    {
        var failures = rows.Where(r => r.ChangeFailure).ToList();
        return (Statistics.Sorted(failures.Where(r => r.Recovery is not null).Select(r => r.Recovery!.Seconds)), failures.Count(r => r.Recovery is null));
    }
}
