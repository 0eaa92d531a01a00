using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Spinnaker.Mesh.Dora.Domain.Figures;

namespace Spinnaker.Mesh.Dora.Api;

/// <summary>
/// The window of a DORA query: <c>from</c> and <c>to</c> as ISO-8601 times (<c>2026-03-02T00:00:00Z</c>; a time
/// without an offset, or a bare date, is UTC), <c>from</c> before <c>to</c>; both default as
/// <see cref="DoraQuery.For"/> says (the last 12 complete ISO weeks).
/// </summary>
internal static partial class DoraWindow
{
    public static bool TryRead(string? from, string? to, string? environment, DateTimeOffset asOf, out DoraQuery query, out ValidationProblem? problem)
    {
        query = null!;
        problem = null;
        if (!TryTime(from, out var start)) { problem = MeshProblems.InvalidField("from", $"from '{from}' is not an ISO-8601 time (e.g. 2026-03-02T00:00:00Z)"); return false; }
        if (!TryTime(to, out var end)) { problem = MeshProblems.InvalidField("to", $"to '{to}' is not an ISO-8601 time (e.g. 2026-05-25T00:00:00Z)"); return false; }
        if (environment is { Length: 0 }) environment = null;
        query = DoraQuery.For(start, end, asOf, environment);
        if (query.To <= query.From)
        {
            problem = MeshProblems.InvalidField("to", $"to ({query.To:O}) must be after from ({query.From:O})");
            return false;
        }
        return true;
    }

    public static ValidationProblem Required(string name) => MeshProblems.InvalidField(name, $"{name} is required");

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!Iso().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        time = parsed;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex Iso();
}
