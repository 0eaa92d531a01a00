using System.Text.RegularExpressions;

namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>
/// One spelling for "the same cluster" across sources that name it differently: a canary's service
/// (<c>checkout-api</c>), an AWS cluster or server group (<c>payments-api</c>, <c>payments-api-v042</c>: Frigga's
/// version suffix dropped) and a Kubernetes manifest or cluster (<c>deployment checkout-api</c>: the kind dropped).
/// Compared case-insensitively.
/// </summary>
internal static partial class ClusterKey
{
    public static string? Of(string? cluster)
    {
        if (string.IsNullOrWhiteSpace(cluster)) return null;
        var key = cluster.Trim().ToLowerInvariant();
        var space = key.LastIndexOf(' ');
        if (space >= 0) key = key[(space + 1)..];
        key = FriggaVersion().Replace(key, "");
        return key.Length == 0 ? null : key;
    }

    /// <summary>The cluster a server group belongs to (<c>payments-api-v042</c> → <c>payments-api</c>), as Frigga names them.</summary>
    public static string? OfServerGroup(string? serverGroup) =>
        string.IsNullOrWhiteSpace(serverGroup) ? null : FriggaVersion().Replace(serverGroup.Trim(), "") is { Length: > 0 } c ? c : null;

    [GeneratedRegex(@"-v\d{3,}$")]
    private static partial Regex FriggaVersion();
}
