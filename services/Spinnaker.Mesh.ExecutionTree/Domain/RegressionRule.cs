namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// When a pipeline (or a stage of it) has become slower. The input is the durations of its successful completed
/// runs, oldest first; failed runs are left out by the caller because they stop early and would hide a slowdown.
/// <para>
/// Rule: the last <see cref="RecentWindow"/> runs are compared with the up to <see cref="BaselineWindow"/> runs before
/// them, and at least <see cref="MinimumBaseline"/> baseline runs are required. It is a regression when both
/// <list type="number">
/// <item>the recent median is at least <see cref="MinimumRatio"/> times the baseline median (slower enough to matter), and</item>
/// <item>a one-sided exact Mann–Whitney U test of "recent durations are larger than baseline ones" gives
/// p &lt; <see cref="SignificanceLevel"/> (not just a noisy week; see <see cref="RankSumTest"/>).</item>
/// </list>
/// Medians and a rank test, not means and a t-test: run durations are skewed and have outliers (a stuck bake,
/// a long manual judgment). With 5 recent runs the smallest possible p-value is 1/C(15, 5) ≈ 0.00033 for 10
/// baseline runs, so the rule can fire as soon as the baseline is long enough.
/// </para>
/// </summary>
internal static class RegressionRule
{
    public const int RecentWindow = 5;
    public const int BaselineWindow = 30;
    public const int MinimumBaseline = 10;
    public const double MinimumRatio = 1.5;
    public const double SignificanceLevel = 0.01;

    /// <summary>
    /// The verdict when the latest runs regressed; null when they did not, when the history is too short, or when
    /// the baseline median is zero (no ratio to speak of). Values that are not finite numbers are ignored.
    /// </summary>
    public static RegressionVerdict? Evaluate(IReadOnlyList<double> durationsMsOldestFirst)
    {
        var durations = durationsMsOldestFirst.Where(double.IsFinite).ToList();
        if (durations.Count < RecentWindow + MinimumBaseline) return null;

        var recent = durations[^RecentWindow..];
        var baselineEnd = durations.Count - RecentWindow;
        var baseline = durations[Math.Max(0, baselineEnd - BaselineWindow)..baselineEnd];

        var baselineMedian = Median(baseline);
        var recentMedian = Median(recent);
        if (baselineMedian <= 0) return null;
        var ratio = recentMedian / baselineMedian;
        if (ratio < MinimumRatio) return null;

        var p = RankSumTest.PValueGreater(recent, baseline);
        return p < SignificanceLevel
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
