using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.MannWhitney;

/// <summary>
/// The standardized, continuity-corrected Mann–Whitney statistic of (x − μ) against y as a function of the shift μ,
/// Kayenta's <c>wilcoxonDiff</c>. The samples are sorted once; for each μ the pooled ranks come from merging the two
/// sorted arrays in O(n) instead of re-sorting, which gives the same ranks (x − μ keeps x's order, ties are decided by
/// the same floating-point differences) and so the same value to the bit.
/// </summary>
internal sealed class RankSumShift
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _rawX;
    private readonly double[] _rawY;

    public RankSumShift(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        _rawX = x.ToArray();
        _rawY = y.ToArray();
        _x = SortedNaNHighest(x);
        _y = SortedNaNHighest(y);
    }

    public int CountX => _x.Length;
    public int CountY => _y.Length;

    /// <summary>f(μ; z) = (W − ½·sign W) / σ − z, W the centred rank sum of x − μ. Throws when σ = 0 (all tied).</summary>
    public double Diff(double mu, double quantile)
    {
        if (!double.IsFinite(mu)) return NaiveDiff(mu, quantile, _rawX, _rawY);
        double xLen = _x.Length, yLen = _y.Length;
        double rankSumX = 0, tieSum = 0;
        int i = 0, j = 0, position = 0;
        while (i < _x.Length || j < _y.Length)
        {
            var value = i < _x.Length
                ? (j < _y.Length ? Min(Shifted(i, mu), _y[j]) : Shifted(i, mu))
                : _y[j];
            var tx = 0;
            while (i < _x.Length && TotalOrder.Same(Shifted(i, mu), value)) { i++; tx++; }
            var ty = 0;
            while (j < _y.Length && TotalOrder.Same(_y[j], value)) { j++; ty++; }
            var t = tx + ty;
            var averageRank = position + (t + 1) / 2.0;
            rankSumX += tx * averageRank;
            tieSum += (double)t * t * t - t;
            position += t;
        }
        return Standardize(rankSumX, tieSum, xLen, yLen, quantile);
    }

    private static double Min(double a, double b) => TotalOrder.Less(b, a) ? b : a;

    // x − μ with NaN ranked highest; x is sorted with NaN as +∞ and x − μ is monotone in x, so the order holds.
    private double Shifted(int i, double mu)
    {
        var v = _x[i] - mu;
        return double.IsNaN(v) ? double.PositiveInfinity : v;
    }

    private static double Standardize(double rankSumX, double tieSum, double xLen, double yLen, double quantile)
    {
        var dz = rankSumX - xLen * (xLen + 1) / 2 - xLen * yLen / 2;
        var correction = (double.IsNaN(dz) ? 0 : Math.Sign(dz)) * 0.5;
        var sigma = Math.Sqrt(xLen * yLen / 12 * (xLen + yLen + 1 - tieSum / ((xLen + yLen) * (xLen + yLen - 1))));
        if (sigma == 0) throw new MannWhitneyException("cannot compute confidence interval when all observations are tied");
        return (dz - correction) / sigma - quantile;
    }

    /// <summary>The textbook computation (rank the pooled sample afresh), kept as the reference the fast one is checked against.</summary>
    internal static double NaiveDiff(double mu, double quantile, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var pooled = new double[x.Length + y.Length];
        for (var k = 0; k < x.Length; k++) pooled[k] = x[k] - mu;
        y.CopyTo(pooled.AsSpan(x.Length));
        var ranks = Ranking.AverageRanks(pooled);
        var rankSumX = 0.0;
        for (var k = 0; k < x.Length; k++) rankSumX += ranks[k];
        var tieSum = ranks.GroupBy(r => r).Sum(g => Math.Pow(g.Count(), 3) - g.Count());
        return Standardize(rankSumX, tieSum, x.Length, y.Length, quantile);
    }

    private static double[] SortedNaNHighest(ReadOnlySpan<double> values)
    {
        var sorted = new double[values.Length];
        for (var k = 0; k < values.Length; k++) sorted[k] = double.IsNaN(values[k]) ? double.PositiveInfinity : values[k];
        TotalOrder.Sort(sorted);
        return sorted;
    }
}
