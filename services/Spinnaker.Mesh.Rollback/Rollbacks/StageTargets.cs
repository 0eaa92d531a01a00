using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>What a stage targets, when its context did not name it in so many words.</summary>
internal static class StageTargets
{
    private static readonly HashSet<string> Workloads = new(
        ["deployment", "replicaset", "statefulset", "daemonset", "job", "cronjob", "pod"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The stage's cluster, else the manifest a rollback undid, else the workload a manifest stage deployed
    /// (<c>kubernetes/deployment checkout-api</c> → <c>deployment checkout-api</c>, Spinnaker's cluster name for it),
    /// else the cluster of its server group.
    /// </summary>
    public static string? Cluster(StageInfo stage) =>
        stage.Cluster
        ?? stage.Rollback?.ManifestName
        ?? Workload(stage.Artifacts)
        ?? ClusterKey.OfServerGroup(stage.Rollback?.RolledBackServerGroup ?? stage.ServerGroup ?? stage.Rollback?.RestoredServerGroup);

    public static string? Region(StageInfo stage) => stage.Regions.FirstOrDefault();

    /// <summary>The version an image tag names, for the first container image among <paramref name="artifacts"/>.</summary>
    public static string? ImageVersion(IEnumerable<ArtifactInfo>? artifacts) =>
        artifacts?.FirstOrDefault(a => a.Type == "docker/image" && a.Version is not null)?.Version;

    private static string? Workload(IReadOnlyList<ArtifactInfo>? artifacts)
    {
        foreach (var artifact in artifacts ?? [])
        {
            if (!artifact.Type.StartsWith("kubernetes/", StringComparison.Ordinal) || artifact.Name is null) continue;
            var kind = artifact.Type["kubernetes/".Length..];
            if (Workloads.Contains(kind)) return $"{kind} {artifact.Name}";
        }
        return null;
    }
}
