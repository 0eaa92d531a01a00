using System.Text.Json;

namespace Spinnaker.Mesh.ExecutionTree.Statistics;

/// <summary>
/// camelCase like the rest of Mesh, but nulls are written: a null rate ("nothing finished") or a null templateId
/// (a v2 template) is an answer, and the host's WhenWritingNull default would make fields come and go.
/// </summary>
internal static class StatisticsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
