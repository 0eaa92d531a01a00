using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>How this service writes JSON: the stored execution state, and what it serves (trees, summaries, regressions).</summary>
internal static class ExecutionTreeJson
{
    /// <summary>The merge state kept beside each execution's read model; read back only by this service.</summary>
    public static readonly JsonSerializerOptions State = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// camelCase, times as <c>2024-05-14T15:00:00.190Z</c>, and nulls written: a null <c>endTime</c> says "still
    /// running", and a field that comes and goes is harder to consume than one that is null.
    /// </summary>
    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
