namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// When a pipeline (or a stage of it) has become slower. The input is the durations of its successful completed
/// runs, oldest first; failed runs are left out by the caller because they stop early and would hide a slowdown.
/// <para>
/// Rule, with the <see cref="RegressionThresholds"/> it is given: the last <c>RecentRuns</c> runs are compared with
/// the up to <c>BaselineRuns</c> runs before them, and at least <c>MinimumBaselineRuns</c> baseline runs are required.
/// It is a regression when both
/// <list type="number">
/// <item>the recent median is at least <c>MinimumRatio</c> times the baseline median (slower enough to matter), and</item>
/// <item>a one-sided exact Mann–Whitney U test of "recent durations are larger than baseline ones" gives
/// p &lt; <c>SignificanceLevel</c> (not just a noisy week; see <see cref="RankSumTest"/>).</item>
/// </list>
/// Medians and a rank test, not means and a t-test: run durations are skewed and have outliers (a stuck bake,
/// a long manual judgment). With the default 5 recent runs the smallest possible p-value is 1/C(15, 5) ≈ 0.00033 for
/// 10 baseline runs, so the rule can fire as soon as the baseline is long enough.
/// </para>
/// </summary>
internal static class RegressionRule
{
    /// <summary>
    /// The verdict when the latest runs regressed; null when they did not, when the history is too short, or when
    /// the baseline median is zero (no ratio to speak of). Values that are not finite numbers are ignored.
    /// </summary>
    public static RegressionVerdict? Evaluate(IReadOnlyList<double> durationsMsOldestFirst, RegressionThresholds thresholds)
    {
        var durations = durationsMsOldestFirst.Where(double.IsFinite).ToList();
        if (durations.Count < thresholds.RecentRuns + thresholds.MinimumBaselineRuns) return null;

        var recent = durations[^thresholds.RecentRuns..];
        var baselineEnd = durations.Count - thresholds.RecentRuns;
        var baseline = durations[Math.Max(0, baselineEnd - thresholds.BaselineRuns)..baselineEnd];

        var baselineMedian = Median(baseline);
        var recentMedian = Median(recent);
        if (baselineMedian <= 0) return null;
        var ratio = recentMedian / baselineMedian;
        if (ratio < thresholds.MinimumRatio) return null;

        var p = RankSumTest.PValueGreater(recent, baseline);
        return p < thresholds.SignificanceLevel
            ? new RegressionVerdict(baseline.Count, recent.Count, baselineMedian, recentMedian, ratio, p)
            : null;
    }

    /// <summary>The middle value; for an even count the mean of the two middle values.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
