using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.MannWhitney;

/// <summary>
/// The two-sided Mann–Whitney (Wilcoxon rank-sum) interval for the shift x − y and its Hodges–Lehmann estimate, from
/// the normal approximation with tie-corrected variance and continuity correction: R's
/// <c>wilcox.test(x, y, conf.int = TRUE, correct = TRUE)</c> as Kayenta ports it (<c>MannWhitney.scala</c>).
/// </summary>
/// <param name="Lower">Lower end of the interval (clamped to min x − max y).</param>
/// <param name="Upper">Upper end of the interval (clamped to max x − min y).</param>
/// <param name="Estimate">Hodges–Lehmann estimate of the shift (the root of the uncorrected statistic).</param>
/// <param name="ConfidenceLevel">The interval's confidence level.</param>
/// <param name="Z">The corrected standardized statistic at shift 0.</param>
/// <param name="PValue">Two-sided p-value for "no shift" from <see cref="Z"/> (not part of Kayenta's result; for explanations).</param>
public sealed record MannWhitneyResult(double Lower, double Upper, double Estimate, double ConfidenceLevel, double Z, double PValue);

/// <summary>Kayenta's rank-sum test.</summary>
public static class MannWhitneyTest
{
    /// <summary>The interval and estimate for the shift <paramref name="x"/> − <paramref name="y"/> (x = experiment, y = control).</summary>
    /// <exception cref="MannWhitneyException">every observation is tied (σ = 0).</exception>
    public static MannWhitneyResult Run(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidenceLevel = 0.95)
    {
        if (x.IsEmpty || y.IsEmpty) throw new MannWhitneyException("both samples need at least one observation");
        var f = new RankSumShift(x, y);
        var (muMin, muMax) = Bounds(x, y);
        var zQuant = NormalDistribution.InverseCdf((1.0 - confidenceLevel) / 2);

        double FindRoot(double zq)
        {
            var fLower = f.Diff(muMin, zq);
            var fUpper = f.Diff(muMax, zq);
            if (fLower <= 0) return muMin;
            if (fUpper >= 0) return muMax;
            return BrentSolver.Solve(muMin, muMax, fLower, fUpper, mu => f.Diff(mu, zq));
        }

        var lower = FindRoot(-zQuant);
        var upper = FindRoot(zQuant);
        var estimate = BrentSolver.Solve(muMin, muMax, f.Diff(muMin, 0), f.Diff(muMax, 0), mu => f.Diff(mu, 0));
        var z = f.Diff(0, 0);
        var p = Math.Min(1.0, 2 * NormalDistribution.UpperTail(z));
        return new MannWhitneyResult(lower, upper, estimate, confidenceLevel, z, p);
    }

    /// <summary>Kayenta's <c>wilcoxonDiff(mu, quantile, x, y)</c>: the corrected standardized statistic at shift μ minus the quantile.</summary>
    public static double WilcoxonDiff(double mu, double quantile, ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        new RankSumShift(x, y).Diff(mu, quantile);

    internal static (double MuMin, double MuMax) Bounds(ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        (Descriptive.Min(x) - Descriptive.Max(y), Descriptive.Max(x) - Descriptive.Min(y));
}
