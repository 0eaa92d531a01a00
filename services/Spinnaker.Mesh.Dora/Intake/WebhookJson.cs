using System.Globalization;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;

namespace Spinnaker.Mesh.Dora.Intake;

/// <summary>
/// Reading webhook bodies member by member. A body that cannot be read fails with a <see cref="ValidationException"/>
/// naming the member: the message goes to the queue's error queue (kept, not retried), the others are unaffected.
/// </summary>
internal static class WebhookJson
{
    public static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);

    public static string RequiredString(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
            return text;
        throw Invalid(path, "is required (a non-empty string)");
    }

    public static string? OptionalString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    public static JsonElement? Member(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>An ISO-8601 instant that states its offset (<c>Z</c> or <c>±hh:mm</c>): a time without one cannot be placed.</summary>
    public static DateTimeOffset? Time(JsonElement obj, string name, string path, bool required)
    {
        if (OptionalString(obj, name) is not { } text)
            return required ? throw Invalid(path, "is required (an ISO-8601 time with offset)") : null;
        if (!HasOffset(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw Invalid(path, $"'{text}' is not an ISO-8601 time with an offset (e.g. 2026-03-02T10:00:00+02:00)");
        return time;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.Ordinal);
        if (t < 0) return false;
        var clock = text[(t + 1)..];
        return clock.EndsWith('Z') || clock.EndsWith('z') || clock.Contains('+') || clock.Contains('-');
    }
}
