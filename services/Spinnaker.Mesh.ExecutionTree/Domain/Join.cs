using System.Text.Json;

namespace Spinnaker.Mesh.ExecutionTree.Domain;

/// <summary>
/// Joins of single values: each picks one of two values by a total order, so it is commutative, associative and
/// idempotent, and merging any set of observations in any order gives the same result. Used for the facts about a
/// stage or execution that do not change as it runs (ids, names, account...), where a missing value only means the
/// observation did not carry it.
/// </summary>
internal static class Join
{
    /// <summary>A present value beats null; of two present values the ordinally greater one (they should agree).</summary>
    public static string? Text(string? a, string? b) =>
        a is null ? b : b is null ? a : string.CompareOrdinal(a, b) >= 0 ? a : b;

    /// <summary>For values that are never null; ordinally greater wins.</summary>
    public static string Required(string a, string b) => string.CompareOrdinal(a, b) >= 0 ? a : b;

    /// <summary>A present record beats null; of two present records the one whose JSON is ordinally greater.</summary>
    public static T? Record<T>(T? a, T? b) where T : class =>
        a is null ? b : b is null ? a : string.CompareOrdinal(Json(a), Json(b)) >= 0 ? a : b;

    /// <summary>Set union, sorted with <paramref name="order"/>: the order of a set carries no meaning, so fix one.</summary>
    public static IReadOnlyList<string> Union(IReadOnlyList<string> a, IReadOnlyList<string> b, IComparer<string> order) =>
        [.. a.Concat(b).Distinct(StringComparer.Ordinal).Order(order)];

    /// <summary>Null sorts first, so a later time (and any time over none) compares greater.</summary>
    public static int CompareTimes(DateTimeOffset? a, DateTimeOffset? b) => Nullable.Compare(a, b);

    /// <summary>Null sorts first, then ordinal.</summary>
    public static int CompareText(string? a, string? b) =>
        a is null ? (b is null ? 0 : -1) : b is null ? 1 : string.CompareOrdinal(a, b);

    /// <summary>Element by element, then the longer list greater.</summary>
    public static int CompareLists(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var byItem = string.CompareOrdinal(a[i], b[i]);
            if (byItem != 0) return byItem;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
