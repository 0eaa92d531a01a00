using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The optional <c>?from=&amp;to=</c> bounds of a list endpoint: each absent (no bound) or ISO-8601 (a time without
/// offset is taken as UTC), <c>from</c> not after <c>to</c>; anything else a 400 naming the parameter.
/// </summary>
public static class QueryWindow
{
    public static bool TryRead(string? from, string? to, out DateTimeOffset? since, out DateTimeOffset? until,
        [NotNullWhen(false)] out ValidationProblem? problem)
    {
        until = null;
        problem = !TryReadTime(from, out since)
            ? MeshProblems.InvalidField("from", "from must be an ISO-8601 time, e.g. 2024-05-14T00:00:00Z.")
            : !TryReadTime(to, out until)
                ? MeshProblems.InvalidField("to", "to must be an ISO-8601 time, e.g. 2024-05-15T00:00:00Z.")
                : since > until
                    ? MeshProblems.InvalidField("from", "from must not be after to.")
                    : null;
        return problem is null;
    }

    private static bool TryReadTime(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        time = parsed;
        return true;
    }
}
