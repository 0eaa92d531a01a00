namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// A window of figures: [<see cref="From"/>, <see cref="To"/>) in UTC, optionally one environment, computed as of
/// <see cref="AsOf"/> (open failures' age; the report's freshness).
/// </summary>
/// <param name="From">Window start, inclusive.</param>
/// <param name="To">Window end, exclusive.</param>
/// <param name="AsOf">When the figures are computed.</param>
/// <param name="Environment">One environment, or null for all production environments pooled.</param>
/// <param name="CoveredFrom">Since when data is complete; null takes the earliest execution seen (decides DF's tier with no deployments).</param>
internal sealed record DoraQuery(DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, string? Environment = null, DateTimeOffset? CoveredFrom = null)
{
    /// <summary>The production default of the trailing window: 12 ISO weeks.</summary>
    public const int DefaultWeeks = 12;

    /// <summary>
    /// The window an API call names, with defaults: <c>to</c> defaults to the start of the current ISO week (only
    /// complete weeks, so the tier is not dragged down by a week in progress), <c>from</c> to 12 weeks before the
    /// start of the week holding <c>to</c>'s last instant (12 whole weeks when <c>to</c> is a Monday).
    /// </summary>
    public static DoraQuery For(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset asOf, string? environment = null)
    {
        var end = (to ?? IsoWeeks.WeekStart(asOf)).ToUniversalTime();
        var start = (from ?? IsoWeeks.WeekStart(end.AddTicks(-1)).AddDays(-7 * (DefaultWeeks - 1))).ToUniversalTime();
        return new DoraQuery(start, end, asOf.ToUniversalTime(), environment);
    }

    public bool Contains(DateTimeOffset time) => time >= From && time < To;
}
