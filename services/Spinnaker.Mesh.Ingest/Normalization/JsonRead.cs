using System.Globalization;
using System.Text.Json;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Lenient readers over Echo's JSON. Echo and Orca put nulls everywhere, numbers arrive as int, double or numeric
/// strings, and old payloads use other shapes: every reader answers null rather than throwing.
/// </summary>
internal static class JsonRead
{
    private const long MinEpochMs = -62_135_596_800_000; // 0001-01-01
    private const long MaxEpochMs = 253_402_300_799_999; // 9999-12-31

    /// <summary>The member <paramref name="name"/> of an object, unless absent or JSON null.</summary>
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    public static JsonElement? Prop(this JsonElement? element, string name) => element is { } e ? e.Prop(name) : null;

    /// <summary>The member as an object, or null when absent or of another kind.</summary>
    public static JsonElement? Obj(this JsonElement? element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static JsonElement? Obj(this JsonElement element, string name) => ((JsonElement?)element).Obj(name);

    /// <summary>The member's items when it is an array, else nothing.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement? element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) => ((JsonElement?)element).Items(name);

    /// <summary>A string (numbers and booleans are given as their JSON text); null, empty or whitespace gives null.</summary>
    public static string? AsString(this JsonElement? element)
    {
        if (element is not { } e) return null;
        var text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public static string? Str(this JsonElement? element, string name) => element.Prop(name).AsString();

    public static string? Str(this JsonElement element, string name) => element.Prop(name).AsString();

    public static long? AsLong(this JsonElement? element)
    {
        if (element is not { } e) return null;
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                if (e.TryGetInt64(out var whole)) return whole;
                return e.TryGetDouble(out var real) ? FromDouble(real) : null;
            case JsonValueKind.String:
                var text = e.GetString();
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedReal) ? FromDouble(parsedReal) : null;
            default:
                return null;
        }
    }

    public static long? Long(this JsonElement? element, string name) => element.Prop(name).AsLong();

    public static long? Long(this JsonElement element, string name) => element.Prop(name).AsLong();

    public static int? Int(this JsonElement? element, string name) =>
        element.Long(name) is { } value and >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>A finite number, or a numeric string (Orca keeps thresholds typed in Deck as strings); NaN and ±Infinity give null.</summary>
    public static double? AsDouble(this JsonElement? element)
    {
        double value;
        switch (element)
        {
            case { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out value):
                break;
            case { ValueKind: JsonValueKind.String } text when double.TryParse(text.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value):
                break;
            default:
                return null;
        }
        return double.IsFinite(value) ? value : null;
    }

    public static double? Double(this JsonElement? element, string name) => element.Prop(name).AsDouble();

    /// <summary>An ISO-8601 instant (<c>2024-05-14T22:15:40.400Z</c>); without an offset it is taken as UTC, as Orca writes UTC.</summary>
    public static DateTimeOffset? IsoTime(this JsonElement? element, string name) =>
        element.Str(name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    public static bool? Bool(this JsonElement? element, string name) => element.Prop(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(s.GetString(), out var parsed) => parsed,
        _ => null,
    };

    /// <summary>Epoch milliseconds (number or numeric string) within the range a <see cref="DateTimeOffset"/> holds.</summary>
    public static long? EpochMs(this JsonElement? element, string name) =>
        element.Long(name) is { } ms and >= MinEpochMs and <= MaxEpochMs ? ms : null;

    public static long? EpochMs(this JsonElement element, string name) => ((JsonElement?)element).EpochMs(name);

    public static DateTimeOffset? ToTime(this long? epochMs) =>
        epochMs is { } ms and >= MinEpochMs and <= MaxEpochMs ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>Strings of an array member (other items are skipped), or a single string member as a one-item list.</summary>
    public static IEnumerable<string> Strings(this JsonElement? element, string name)
    {
        var value = element.Prop(name);
        if (value is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
                if (((JsonElement?)item).AsString() is { } text) yield return text;
        }
        else if (value.AsString() is { } single)
        {
            yield return single;
        }
    }

    public static IEnumerable<string> Strings(this JsonElement element, string name) => ((JsonElement?)element).Strings(name);

    /// <summary>Names of an object member's properties.</summary>
    public static IEnumerable<string> Keys(this JsonElement? element, string name) =>
        element.Obj(name) is { } obj ? obj.EnumerateObject().Select(p => p.Name) : [];

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        _ => "null",
    };

    private static long? FromDouble(double value) =>
        double.IsFinite(value) && value is >= long.MinValue and <= long.MaxValue ? (long)Math.Round(value) : null;
}
