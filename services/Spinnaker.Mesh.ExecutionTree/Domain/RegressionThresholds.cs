namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// How <see cref="RegressionRule"/> judges a history: the window sizes and the two bars a slowdown must clear.
/// The service takes them from configuration (<c>Mesh:ExecutionTree:Regressions</c>); <see cref="Default"/> is what
/// it uses when nothing is configured.
/// </summary>
/// <param name="RecentRuns">The latest runs, compared as a group with the baseline before them.</param>
/// <param name="BaselineRuns">The most runs before the recent ones that make up the baseline.</param>
/// <param name="MinimumBaselineRuns">Fewer baseline runs than this and the history is too short to judge.</param>
/// <param name="MinimumRatio">How many times the baseline median the recent median must be at least.</param>
/// <param name="SignificanceLevel">The rank-sum p-value must be below this.</param>
internal sealed record RegressionThresholds(
    int RecentRuns, int BaselineRuns, int MinimumBaselineRuns, double MinimumRatio, double SignificanceLevel)
{
    /// <summary>5 recent runs against up to 30 before them (at least 10), 1.5 times slower, p &lt; 0.01.</summary>
    public static readonly RegressionThresholds Default = new(
        RecentRuns: 5, BaselineRuns: 30, MinimumBaselineRuns: 10, MinimumRatio: 1.5, SignificanceLevel: 0.01);

    /// <summary>The most durations the rule looks at: a longer history adds nothing to the verdict.</summary>
    public int HistoryRuns => BaselineRuns + RecentRuns;
}
