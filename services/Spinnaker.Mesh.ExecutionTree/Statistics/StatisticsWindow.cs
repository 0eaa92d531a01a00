using System.Globalization;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// The half-open range [From, To) of execution start times a statistics request covers. Executions that have not
/// started (no start time) fall in no window.
/// </summary>
internal readonly record struct StatisticsWindow(DateTimeOffset From, DateTimeOffset To)
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(30);

    // ISO-8601 only, so that "03/04/2025" cannot mean two different days depending on who reads it.
    // A time without an offset is UTC; 'K' also accepts 'Z' and '+02:00' (send '+' as %2B in a query string).
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Reads the <c>from</c>/<c>to</c> query values. Missing <c>to</c> is <paramref name="now"/>; missing <c>from</c>
    /// is <see cref="DefaultSpan"/> before <c>to</c>. On failure <paramref name="error"/> says what to send instead.
    /// </summary>
    public static bool TryParse(string? from, string? to, DateTimeOffset now, out StatisticsWindow window, out string error)
    {
        window = default;
        error = "";
        DateTimeOffset end = now.ToUniversalTime();
        if (!string.IsNullOrEmpty(to) && !TryParseInstant(to, out end))
        {
            error = $"'to' must be an ISO-8601 date or time, e.g. 2025-03-01 or 2025-03-01T12:00:00Z; got '{to}'.";
            return false;
        }
        var start = end - DefaultSpan;
        if (!string.IsNullOrEmpty(from) && !TryParseInstant(from, out start))
        {
            error = $"'from' must be an ISO-8601 date or time, e.g. 2025-03-01 or 2025-03-01T12:00:00Z; got '{from}'.";
            return false;
        }
        if (start >= end)
        {
            error = $"'from' ({start:O}) must be before 'to' ({end:O}).";
            return false;
        }
        window = new StatisticsWindow(start, end);
        return true;
    }

    private static bool TryParseInstant(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(value, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
