namespace Spinnaker.Mesh.CanaryJudge.Statistics;

/// <summary>
/// Descriptive statistics computed the way Apache commons-math's <c>StatUtils</c> computes them, which is what Kayenta
/// uses: the mean is sum/n plus a correction pass, the variance is two-pass. Same formulas, same rounding, so the
/// figures match Kayenta's to the last bit. Empty input gives NaN, as in commons-math.
/// </summary>
public static class Descriptive
{
    /// <summary>Arithmetic mean with commons-math's second, correcting pass.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var n = (double)values.Length;
        var sum = 0.0;
        foreach (var v in values) sum += v;
        var xbar = sum / n;
        var correction = 0.0;
        foreach (var v in values) correction += v - xbar;
        return xbar + correction / n;
    }

    /// <summary>Sample variance (n − 1), two-pass with commons-math's rounding-error term; 0 for one value.</summary>
    public static double Variance(ReadOnlySpan<double> values) => Variance(values, biasCorrected: true);

    /// <summary>Population variance (n), two-pass; 0 for one value.</summary>
    public static double PopulationVariance(ReadOnlySpan<double> values) => Variance(values, biasCorrected: false);

    private static double Variance(ReadOnlySpan<double> values, bool biasCorrected)
    {
        if (values.IsEmpty) return double.NaN;
        if (values.Length == 1) return 0.0;
        var mean = Mean(values);
        double accum = 0.0, accum2 = 0.0;
        foreach (var v in values)
        {
            var dev = v - mean;
            accum += dev * dev;
            accum2 += dev;
        }
        double len = values.Length;
        return biasCorrected
            ? (accum - accum2 * accum2 / len) / (len - 1.0)
            : (accum - accum2 * accum2 / len) / len;
    }

    public static double Min(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var min = values[0];
        // commons-math: a NaN anywhere makes the result NaN (Math.min semantics).
        foreach (var v in values) min = Math.Min(min, v);
        return min;
    }

    public static double Max(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var max = values[0];
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }

    /// <summary>
    /// The p-th percentile (0 &lt; p ≤ 100) estimated as R's type 7 (commons-math <c>EstimationType.R_7</c>):
    /// position 1 + (n − 1)·p/100, linear interpolation between the neighbouring order statistics. NaN for no data.
    /// </summary>
    public static double Percentile(ReadOnlySpan<double> values, double p)
    {
        if (p is <= 0 or > 100 || double.IsNaN(p)) throw new ArgumentOutOfRangeException(nameof(p), p, "a percentile is in (0, 100]");
        if (values.IsEmpty) return double.NaN;
        return PercentileOfSorted(SortedWithoutNaN(values), p);
    }

    /// <summary>The values without NaN, ascending: commons-math's <c>Percentile</c> removes NaN first (NaNStrategy.REMOVED).</summary>
    internal static double[] SortedWithoutNaN(ReadOnlySpan<double> values)
    {
        var sorted = new double[values.Length];
        var count = 0;
        foreach (var v in values)
            if (!double.IsNaN(v)) sorted[count++] = v;
        Array.Resize(ref sorted, count);
        Array.Sort(sorted);
        return sorted;
    }

    internal static double PercentileOfSorted(ReadOnlySpan<double> sorted, double p)
    {
        var length = sorted.Length;
        if (length == 0) return double.NaN;
        if (length == 1) return sorted[0];
        var q = p / 100.0;
        var pos = q == 1.0 ? length : 1 + (length - 1) * q;
        var fpos = Math.Floor(pos);
        var intPos = (int)fpos;
        var dif = pos - fpos;
        if (pos < 1) return sorted[0];
        if (pos >= length) return sorted[length - 1];
        var lower = sorted[intPos - 1];
        var upper = sorted[intPos];
        return lower + dif * (upper - lower);
    }
}
