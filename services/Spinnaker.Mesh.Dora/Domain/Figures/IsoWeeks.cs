using System.Globalization;

namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// ISO-8601 weeks in UTC (§3.7): Monday 00:00:00.000 inclusive to the next Monday exclusive; a deployment at exactly
/// Monday 00:00Z belongs to the new week.
/// </summary>
internal static class IsoWeeks
{
    public static DateTimeOffset WeekStart(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var daysSinceMonday = ((int)utc.DayOfWeek + 6) % 7;
        return new DateTimeOffset(utc.Date.AddDays(-daysSinceMonday), TimeSpan.Zero);
    }

    /// <summary><c>2026-W09</c>: the ISO week-numbering year, which differs from the calendar year around 1 January.</summary>
    public static string Label(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return $"{ISOWeek.GetYear(utc):D4}-W{ISOWeek.GetWeekOfYear(utc):D2}";
    }

    /// <summary>The week starts of every ISO week that overlaps [from, to).</summary>
    public static IEnumerable<DateTimeOffset> Overlapping(DateTimeOffset from, DateTimeOffset to)
    {
        for (var start = WeekStart(from); start < to; start = start.AddDays(7)) yield return start;
    }

    /// <summary>The first instants of every UTC calendar month that overlaps [from, to).</summary>
    public static IEnumerable<DateTimeOffset> MonthsOverlapping(DateTimeOffset from, DateTimeOffset to)
    {
        var utc = from.UtcDateTime;
        for (var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero); start < to; start = start.AddMonths(1))
            yield return start;
    }

    /// <summary>The UTC date a deployment day counts on.</summary>
    public static DateOnly UtcDate(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
