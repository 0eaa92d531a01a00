using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.Cleaning;

/// <summary>Marks which points of a series are outliers.</summary>
public interface IOutlierDetector
{
    /// <summary>One flag per point, true for an outlier.</summary>
    bool[] Detect(ReadOnlySpan<double> data);
}

/// <summary>
/// Tukey's fences on the interquartile range (Kayenta's <c>IQRDetector</c>): points outside
/// [Q1 − f·IQR, Q3 + f·IQR] are outliers. With reduceSensitivity (what the judge uses) the fences
/// are widened to at least the 1st and 99th percentiles. Empty data has NaN percentiles, so nothing is an outlier.
/// </summary>
public sealed class IqrDetector : IOutlierDetector
{
    private readonly double _factor;
    private readonly bool _reduceSensitivity;

    public IqrDetector(double factor = 1.5, bool reduceSensitivity = false)
    {
        if (!(factor > 0.0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be greater than zero");
        _factor = factor;
        _reduceSensitivity = reduceSensitivity;
    }

    public (double Lower, double Upper) Fences(ReadOnlySpan<double> data)
    {
        var sorted = Descriptive.SortedWithoutNaN(data);
        var p75 = Descriptive.PercentileOfSorted(sorted, 75);
        var p25 = Descriptive.PercentileOfSorted(sorted, 25);
        var iqr = p75 - p25;
        var lowerIqr = p25 - _factor * iqr;
        var upperIqr = p75 + _factor * iqr;
        if (!_reduceSensitivity) return (lowerIqr, upperIqr);
        var p01 = Descriptive.PercentileOfSorted(sorted, 1);
        var p99 = Descriptive.PercentileOfSorted(sorted, 99);
        return (Math.Min(p01, lowerIqr), Math.Max(p99, upperIqr));
    }

    public bool[] Detect(ReadOnlySpan<double> data)
    {
        var (lower, upper) = Fences(data);
        var flags = new bool[data.Length];
        for (var i = 0; i < data.Length; i++) flags[i] = data[i] > upper || data[i] < lower;
        return flags;
    }
}

/// <summary>Points more than k population standard deviations from the mean are outliers (Kayenta's <c>KSigmaDetector</c>).</summary>
public sealed class KSigmaDetector : IOutlierDetector
{
    private readonly double _k;

    public KSigmaDetector(double k = 3.0)
    {
        if (!(k > 0.0)) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be greater than zero");
        _k = k;
    }

    public bool[] Detect(ReadOnlySpan<double> data)
    {
        var mean = Descriptive.Mean(data);
        var stdDeviation = Math.Sqrt(Descriptive.PopulationVariance(data));
        var flags = new bool[data.Length];
        for (var i = 0; i < data.Length; i++) flags[i] = Math.Abs(data[i] - mean) > stdDeviation * _k;
        return flags;
    }
}
