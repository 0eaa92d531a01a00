using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>
/// What a deploy stage changed, read from the stage as ingest normalized it: whether it is a deploy at all, the
/// targets it deployed to, the version it put there, and whether it reached the cluster.
/// </summary>
internal static partial class DeployStages
{
    /// <summary>Server-group deploys: their version is the server group they created (Frigga's <c>app-stack-v042</c>).</summary>
    private static readonly HashSet<string> ServerGroupDeploys = new(StringComparer.OrdinalIgnoreCase) { "deploy", "createServerGroup", "cloneServerGroup" };

    /// <summary>
    /// Tasks that change the cloud: once one of them succeeded, the stage created its server group or applied its
    /// manifest, whatever failed after (Orca's <c>createServerGroup</c>, <c>cloneServerGroup</c>, <c>deployManifest</c>,
    /// and <c>monitorDeploy</c>, which only runs after Clouddriver accepted the operation).
    /// </summary>
    private static readonly HashSet<string> ApplyingTasks = new(StringComparer.OrdinalIgnoreCase)
    {
        "createServerGroup", "cloneServerGroup", "deployManifest", "monitorDeploy", "createDeploy", "deployCloudFormation",
    };

    /// <summary>Kubernetes kinds that run the application's pods: the manifest a rollback is about.</summary>
    private static readonly string[] WorkloadKinds = ["deployment", "statefulset", "daemonset", "replicaset", "rollout"];

    /// <summary>
    /// <c>deploy</c>, <c>createServerGroup</c>, <c>cloneServerGroup</c>, <c>deployManifest</c> and every other
    /// <c>deploy*</c> type (<c>deployCloudFormation</c>, <c>deployAppEngineConfiguration</c>, ...).
    /// </summary>
    public static bool IsDeploy(StageInfo stage) =>
        stage.Type is { } type && (ServerGroupDeploys.Contains(type) || type.StartsWith("deploy", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The stage changed its cluster: it succeeded, or it created its server group or applied its manifest before it
    /// failed (an applying task succeeded: the manifest was applied and never became stable, the server group was
    /// created and its instances never came up).
    /// </summary>
    public static bool ReachedTheCluster(StageInfo stage) =>
        stage.Status == "SUCCEEDED" || stage.Tasks.Any(t => t.Status == "SUCCEEDED" && ApplyingTasks.Contains(t.Name));

    /// <summary>
    /// The cluster the stage deployed: its <c>cluster</c> (or moniker); for a Kubernetes manifest, <c>&lt;kind&gt; &lt;name&gt;</c>
    /// of the workload it applied (Spinnaker's own cluster name for manifests, e.g. <c>deployment checkout-api</c>); else
    /// the cluster of the server group it names. Null when the stage names none.
    /// </summary>
    public static string? ClusterOf(StageInfo stage)
    {
        if (!string.IsNullOrWhiteSpace(stage.Cluster)) return stage.Cluster.Trim();
        if (Workload(stage) is { } workload) return $"{workload.Kind} {workload.Name}";
        return stage.ServerGroup is { Length: > 0 } serverGroup ? ClusterOfServerGroup(serverGroup) : null;
    }

    /// <summary>
    /// The version the stage deployed: for server-group deploys the server group (a rollback restores one), else the
    /// tag (or digest) of the image it deployed — the one named like the workload when there are several — else any
    /// artifact version it names, else its server group.
    /// </summary>
    public static string? VersionOf(StageInfo stage)
    {
        var artifacts = stage.Artifacts ?? [];
        if (stage.Type is { } type && ServerGroupDeploys.Contains(type) && Present(stage.ServerGroup)) return stage.ServerGroup!.Trim();
        var images = artifacts.Where(a => a.Type == "docker/image").ToList();
        var workload = Workload(stage)?.Name ?? stage.Cluster;
        var image = images.FirstOrDefault(i => workload is not null && LastSegment(i.Name) == workload) ?? images.FirstOrDefault();
        if (image is not null && (Present(image.Version) ? image.Version : image.Reference) is { } imageVersion && Present(imageVersion))
            return imageVersion.Trim();
        if (artifacts.FirstOrDefault(a => Present(a.Version))?.Version is { } version) return version.Trim();
        return Present(stage.ServerGroup) ? stage.ServerGroup!.Trim() : null;
    }

    /// <summary>
    /// The targets of a deploy stage: one per account it names (<c>account</c> and each <c>clusters[].account</c>)
    /// and region, with the stage's cluster and namespace.
    /// </summary>
    public static IReadOnlyList<DeployTarget> TargetsOf(string application, StageInfo stage)
    {
        var cluster = ClusterOf(stage);
        var accounts = new List<string?> { stage.Account };
        accounts.AddRange((stage.Accounts ?? []).Where(a => !string.IsNullOrWhiteSpace(a) && a != stage.Account));
        IReadOnlyList<string?> regions = stage.Regions.Count == 0 ? [null] : [.. stage.Regions.Distinct(StringComparer.Ordinal)];
        return
        [
            .. accounts.Distinct(StringComparer.Ordinal)
                .SelectMany(account => regions.Select(region => DeployTarget.Of(application, cluster, account, region, stage.Namespace))),
        ];
    }

    /// <summary>Frigga's cluster of a server group: its name without the <c>-v042</c> sequence.</summary>
    public static string ClusterOfServerGroup(string serverGroup) => Sequence().Replace(serverGroup.Trim(), "");

    private static (string Kind, string Name)? Workload(StageInfo stage)
    {
        var manifests = (stage.Artifacts ?? [])
            .Where(a => a.Type.StartsWith("kubernetes/", StringComparison.Ordinal) && Present(a.Name))
            .Select(a => (Kind: a.Type["kubernetes/".Length..], Name: a.Name!.Trim()))
            .ToList();
        foreach (var (kind, name) in manifests)
            if (WorkloadKinds.Contains(kind.ToLowerInvariant())) return (kind, name);
        return null;
    }

    private static string? LastSegment(string? imageName) => imageName?[(imageName.LastIndexOf('/') + 1)..];

    private static bool Present(string? value) => !string.IsNullOrWhiteSpace(value);

    [GeneratedRegex(@"-v\d{3,}$")]
    private static partial Regex Sequence();
}
