using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>An invalid body member: its path (<c>commits[2].authoredAt</c>) and a message that names it.</summary>
internal readonly record struct InvalidField(string Field, string Message);

/// <summary>
/// What the webhook checks share: members that count as present, strings that must say something, commit shas and
/// instants that must carry their offset. Every check answers null when the value is fine.
/// </summary>
internal static partial class BodyFields
{
    /// <summary>The field name for the body as a whole.</summary>
    public const string Root = "$";

    /// <summary>A member, unless absent or JSON null (senders omit nulls or write them, both mean absent).</summary>
    public static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static bool IsNonEmptyString(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value && !string.IsNullOrWhiteSpace(value.GetString());

    /// <summary>The body must be an object; <paramref name="what"/> says what kind of object.</summary>
    public static InvalidField? RequireObject(JsonElement body, string what) =>
        body.ValueKind == JsonValueKind.Object
            ? null
            : new InvalidField(Root, $"The body ($) is {Describe(body.ValueKind)}; expected an object, {what}.");

    public static InvalidField? RequireString(JsonElement element, string name, string path) =>
        IsNonEmptyString(element, name) ? null : new InvalidField(path, $"{path} must be a non-empty string{Found(element, name)}.");

    /// <summary>A git commit id: 7 (abbreviated) to 64 (SHA-256 repositories) hex digits.</summary>
    public static bool IsSha(JsonElement value) => value.ValueKind == JsonValueKind.String && ShaPattern().IsMatch(value.GetString()!);

    public static InvalidField? RequireSha(JsonElement element, string name, string path) =>
        Member(element, name) is { } value && IsSha(value)
            ? null
            : new InvalidField(path, $"{path} must be a commit sha of 7 to 64 hex digits{Found(element, name)}.");

    /// <summary>
    /// An ISO-8601 instant with its offset (<c>Z</c>, <c>+02:00</c> or <c>+0200</c>). Without one the instant is
    /// ambiguous, and guessing UTC is what skews lead times (Four Keys' offset bug, dora.md §3.4).
    /// </summary>
    public static DateTimeOffset? InstantWithOffset(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && InstantPattern().IsMatch(value.GetString()!)
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : null;

    public static InvalidField? RequireInstant(JsonElement element, string name, string path, out DateTimeOffset instant)
    {
        instant = default;
        if (Member(element, name) is { } value && InstantWithOffset(value) is { } parsed)
        {
            instant = parsed;
            return null;
        }
        return new InvalidField(path,
            $"{path} must be an ISO-8601 date and time with an offset, e.g. 2024-05-15T02:59:41+02:00 or 2024-05-15T00:59:41Z{Found(element, name)}.");
    }

    /// <summary>Names the item <c>field[index]</c>, or <c>field[index].member</c>.</summary>
    public static string Item(string field, int index, string? member = null) =>
        member is null ? $"{field}[{index.ToString(CultureInfo.InvariantCulture)}]" : $"{field}[{index.ToString(CultureInfo.InvariantCulture)}].{member}";

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        _ => "null",
    };

    /// <summary>What was sent instead, for the message: <c>, not a number</c>; nothing when the member is missing.</summary>
    private static string Found(JsonElement element, string name) => Member(element, name) switch
    {
        null => " (it is missing)",
        { ValueKind: JsonValueKind.String } text => $", not \"{Shorten(text.GetString()!)}\"",
        { } other => $", not {Describe(other.ValueKind)}",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$")]
    private static partial Regex ShaPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex InstantPattern();
}
