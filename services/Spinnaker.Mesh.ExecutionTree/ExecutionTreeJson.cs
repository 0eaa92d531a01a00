using System.Text.Json;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>How this service writes JSON: the stored execution state, and what it serves.</summary>
internal static class ExecutionTreeJson
{
    /// <summary>The merge state kept beside each execution's read model; read back only by this service.</summary>
    public static readonly JsonSerializerOptions State = new(JsonSerializerDefaults.Web);

    /// <summary>What the API serves (trees, summaries, regressions, statistics): Mesh's one convention, <see cref="MeshJson"/>.</summary>
    public static JsonSerializerOptions Api => MeshJson.Options;
}
