using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Spinnaker.Mesh.CanaryJudge.Kayenta;

/// <summary>
/// JSON settings that read and write what Kayenta's Jackson mapper does: camelCase names, nulls omitted
/// (<c>NON_NULL</c>), unknown properties ignored, and non-finite doubles as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, <c>"-Infinity"</c> wherever a double is expected (Jackson's default for doubles).
/// </summary>
public static class KayentaJson
{
    /// <summary>The options; read-only, safe to share.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Jackson matches names exactly.
            PropertyNameCaseInsensitive = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// The field a <see cref="JsonException"/> points at, spelled as the body spells it (<c>$.metrics[0].name</c> →
    /// <c>metrics[0].name</c>), so a body that cannot be read is reported like a validation error.
    /// </summary>
    public static string FieldOf(JsonException exception) =>
        exception.Path is null or "$" ? "" : exception.Path.StartsWith("$.", StringComparison.Ordinal) ? exception.Path[2..] : exception.Path.TrimStart('$');
}

/// <summary>Reads a string, or a number as its literal text (Jackson coerces numbers into String fields).</summary>
internal sealed class StringOrNumberConverter : JsonConverter<string?>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"expected a string, found {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
