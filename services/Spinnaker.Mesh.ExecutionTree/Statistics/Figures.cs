namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// Median and 95th percentile of durations, rounded to whole ms. PostgreSQL computes both from one sort with
/// <c>percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY duration_ms)</c>, interpolating linearly.
/// </summary>
internal sealed record DurationPercentiles(long P50, long P95)
{
    /// <summary>Null when no duration was aggregated (PostgreSQL answers NULL for an empty group).</summary>
    public static DurationPercentiles? From(double[]? percentiles) =>
        percentiles is [var p50, var p95] ? new DurationPercentiles(Figures.Ms(p50), Figures.Ms(p95)) : null;
}

internal static class Figures
{
    public static long Ms(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    /// <summary>A share rounded to 4 decimals (0.6667); null when there is nothing to divide by, rather than a made-up 0.</summary>
    public static double? Rate(long part, long whole) =>
        whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
}
