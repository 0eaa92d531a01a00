using System.Text.Json;
using System.Text.Json.Serialization;
using Spinnaker.Mesh.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one JSON convention of every Mesh API: camelCase, enums by name, times as <c>2024-05-14T15:00:00.190Z</c>,
/// and nulls written: a null <c>endTime</c> says "still running", and a field that comes and goes is harder to
/// consume than one that is null. Minimal-API results (<c>TypedResults.Ok</c>, <c>Results.Json</c>) use it; a
/// service may add converters of its own on top.
/// </summary>
public static class MeshJson
{
    /// <summary>The convention as a ready option set, for code that serializes outside a request.</summary>
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the convention to <paramref name="options"/> (e.g. the HTTP JSON options) and returns them.</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }
}
