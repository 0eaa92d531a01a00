namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>The order statistics the figures use (dora.md §3.7), on pooled raw samples, never on medians of medians.</summary>
internal static class Statistics
{
    /// <summary>Interpolated median: the middle value, or the mean of the two middle values (Four Keys' PERCENTILE_CONT).</summary>
    public static double? Median(IReadOnlyList<double> sorted) => Percentile(sorted, 0.5);

    /// <summary>
    /// Linear interpolation between closest ranks (Hyndman–Fan type 7, PostgreSQL's and BigQuery's PERCENTILE_CONT):
    /// rank h = (n − 1)·p, value x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). At p = 0.5 it is the interpolated median.
    /// </summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (sorted.Count - 1) * p;
        var low = (int)Math.Floor(rank);
        if (low >= sorted.Count - 1) return sorted[^1];
        return sorted[low] + (rank - low) * (sorted[low + 1] - sorted[low]);
    }

    /// <summary>Rates are reported to 4 decimals.</summary>
    public static double? Rate(int numerator, int denominator) =>
        denominator == 0 ? null : Math.Round((double)numerator / denominator, 4, MidpointRounding.AwayFromZero);

    /// <summary>Durations are reported in seconds to the millisecond (Orca's resolution), dropping floating-point noise.</summary>
    public static double? Seconds(double? value) => value is { } v ? Math.Round(v, 3, MidpointRounding.AwayFromZero) : null;

    public static List<double> Sorted(IEnumerable<double> values)
    {
        var list = values.ToList();
        list.Sort();
        return list;
    }
}
