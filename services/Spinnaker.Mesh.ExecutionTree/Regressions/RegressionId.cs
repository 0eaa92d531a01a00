using System.Text;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// A regression's id: a name-based UUID of what it is about (tenant, application, pipeline, stage) and the execution
/// that revealed it. Finding the same regression again, on a redelivery, gives the same id, so it is recorded once and
/// its event deduplicates.
/// </summary>
internal static class RegressionId
{
    /// <summary>Never change it: stored regression ids and subscribers' deduplication depend on it.</summary>
    private static readonly Guid Namespace = new("8d3f5a1c-2b7e-4c90-a6d4-1e9b0c7f3a52");

    public static Guid For(string tenant, string application, string pipelineName, string? stageRefId, string detectedByExecutionId) =>
        DeterministicId.NameBased(Namespace, Key(tenant, application, pipelineName, stageRefId, detectedByExecutionId));

    /// <summary>
    /// The parts joined by <c>|</c>, a null part written as empty, and <c>\</c> and <c>|</c> inside a part escaped so
    /// that different part lists never give the same key. Never change it either (same reason).
    /// </summary>
    private static string Key(params ReadOnlySpan<string?> parts)
    {
        var key = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) key.Append('|');
            key.Append(parts[i] is { } part ? part.Replace("\\", "\\\\").Replace("|", "\\|") : "");
        }
        return key.ToString();
    }
}
