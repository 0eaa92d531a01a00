using System.Globalization;

namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary>How many rows a list answers: 50 unless asked, never more than 500; anything else is the caller's error.</summary>
/// <remarks>
/// Read from the raw query value rather than bound as <c>int?</c>: a value that is not a number would otherwise fail
/// binding, which in Development throws and answers 500 instead of this 400.
/// </remarks>
internal static class QueryLimit
{
    public const int Default = 50;
    public const int Max = 500;

    public static bool TryParse(string? requested, out int limit)
    {
        limit = Default;
        if (string.IsNullOrEmpty(requested)) return true;
        return int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= Max;
    }

    public static IResult Invalid() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit", detail: $"limit must be a number from 1 to {Max}.");
}
