using System.Text.Json;
using Spinnaker.Mesh.ServiceDefaults;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>How this service writes JSON: the stored execution state, and what it serves (trees, summaries, regressions, statistics).</summary>
internal static class ExecutionTreeJson
{
    /// <summary>The merge state kept beside each execution's read model; read back only by this service.</summary>
    public static readonly JsonSerializerOptions State = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// camelCase, times as <c>2024-05-14T15:00:00.190Z</c>, and nulls written: a null <c>endTime</c> says "still
    /// running", and a field that comes and goes is harder to consume than one that is null.
    /// </summary>
    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };
}
