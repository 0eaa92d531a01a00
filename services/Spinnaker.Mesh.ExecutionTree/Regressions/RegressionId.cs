using System.Security.Cryptography;
using System.Text;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// A regression's id: an RFC 4122 version 5 UUID of what it is about (tenant, application, pipeline, stage) and the
/// execution that revealed it. Finding the same regression again, on a redelivery, gives the same id, so it is
/// recorded once and its event deduplicates.
/// </summary>
internal static class RegressionId
{
    /// <summary>Never change it: stored regression ids and subscribers' deduplication depend on it.</summary>
    private static readonly Guid Namespace = new("8d3f5a1c-2b7e-4c90-a6d4-1e9b0c7f3a52");

    public static Guid For(string tenant, string application, string pipelineName, string? stageRefId, string detectedByExecutionId)
    {
        // NUL never occurs in these names, so different tuples never make the same key.
        var name = Encoding.UTF8.GetBytes(string.Join('\0', tenant, application, pipelineName, stageRefId ?? "", detectedByExecutionId));
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // version 5
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(uuid, bigEndian: true);
    }
}
