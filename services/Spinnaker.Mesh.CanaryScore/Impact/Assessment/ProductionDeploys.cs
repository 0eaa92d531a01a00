using System.Text.RegularExpressions;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Finds an execution's production deployment in a normalized execution event: its successful deploy stages
/// (<c>deploy</c>, <c>createServerGroup</c>, <c>cloneServerGroup</c>, <c>deployManifest</c> and any other
/// <c>deploy*</c> type) whose account (<see cref="StageInfo.Account"/> or one of <see cref="StageInfo.Accounts"/>) is
/// one of the policy's production accounts, or whose namespace is one of its production namespaces. A stage without a
/// namespace is not production by namespace: unknown is not production. Names compare without regard to case, as
/// Mesh's account environments do.
/// </summary>
internal static partial class ProductionDeploys
{
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
        { "deploy", "createServerGroup", "cloneServerGroup", "deployManifest" };

    public static bool IsDeployType(string? type) =>
        type is not null && (KnownTypes.Contains(type) || type.StartsWith("deploy", StringComparison.Ordinal));

    /// <summary>
    /// The event's successful deploy stages with both times: its own stage (whose status the event type settled) over
    /// the snapshot's copy, then the snapshot's. Empty for most events, which cost nothing more.
    /// </summary>
    public static IReadOnlyList<StageInfo> SucceededDeploys(IExecutionEvent e)
    {
        var own = (e as StageCompleted)?.Stage;
        var all = new List<StageInfo>();
        if (own is not null) all.Add(own);
        all.AddRange((e.Stages ?? []).Where(s => own is null || s.Id != own.Id));
        return [.. all.Where(s => s.Status == "SUCCEEDED" && IsDeployType(s.Type) && s.StartTime is not null && s.EndTime is not null)
            .DistinctBy(s => s.Id)];
    }

    /// <summary>The production account the stage deploys to, if any.</summary>
    public static string? ProductionAccount(StageInfo stage, ImpactPolicy policy)
    {
        var accounts = new List<string>();
        if (!string.IsNullOrWhiteSpace(stage.Account)) accounts.Add(stage.Account);
        accounts.AddRange((stage.Accounts ?? []).Where(a => !string.IsNullOrWhiteSpace(a)));
        return accounts.FirstOrDefault(a => policy.ProductionAccounts.Contains(a, StringComparer.OrdinalIgnoreCase));
    }

    public static bool IsProductionNamespace(StageInfo stage, ImpactPolicy policy) =>
        stage.Namespace is { Length: > 0 } ns && policy.ProductionNamespaces.Contains(ns, StringComparer.OrdinalIgnoreCase);

    public static bool IsProduction(StageInfo stage, ImpactPolicy policy) =>
        ProductionAccount(stage, policy) is not null || IsProductionNamespace(stage, policy);

    /// <summary>
    /// The execution's production deployment among <paramref name="deploys"/> (see <see cref="SucceededDeploys"/>), or
    /// null when none of them is production by the policy.
    /// </summary>
    public static ImpactDeployment? Find(ExecutionInfo execution, IReadOnlyList<StageInfo> deploys, ImpactPolicy policy)
    {
        var production = deploys.Where(s => IsProduction(s, policy)).ToList();
        if (production.Count == 0) return null;
        // A deploy stage names its clusters only through synthetic createServerGroup children: the stage that names
        // the most describes the deployment; the earliest among equals.
        var main = production
            .OrderByDescending(Described)
            .ThenBy(s => s.StartTime)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .First();
        return new ImpactDeployment(
            execution.Application,
            execution.ExecutionId,
            main.Id,
            execution.PipelineName,
            [.. production.Select(s => s.Id).Order(StringComparer.Ordinal)],
            ClusterOf(main),
            ProductionAccount(main, policy) ?? main.Account ?? main.Accounts?.FirstOrDefault(),
            main.Regions.FirstOrDefault(),
            main.Namespace,
            VersionOf(main),
            production.Min(s => s.StartTime!.Value),
            production.Max(s => s.EndTime!.Value));
    }

    private static int Described(StageInfo s) =>
        (ClusterOf(s) is null ? 0 : 1) + (s.Regions.Count > 0 ? 1 : 0) + (s.Namespace is null ? 0 : 1) + (VersionOf(s) is null ? 0 : 1);

    [GeneratedRegex(@"-v\d{3,}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerGroupVersion();

    /// <summary>The cluster, else the server group without Frigga's version suffix (<c>checkout-api-v012</c> → <c>checkout-api</c>).</summary>
    private static string? ClusterOf(StageInfo s) =>
        !string.IsNullOrWhiteSpace(s.Cluster) ? s.Cluster
        : !string.IsNullOrWhiteSpace(s.ServerGroup) ? ServerGroupVersion().Replace(s.ServerGroup, "")
        : null;

    /// <summary>The deployed image's tag, else the server group (which is versioned).</summary>
    private static string? VersionOf(StageInfo s) =>
        s.Artifacts?.FirstOrDefault(a => a.Type == "docker/image" && !string.IsNullOrWhiteSpace(a.Version))?.Version
        ?? (string.IsNullOrWhiteSpace(s.ServerGroup) ? null : s.ServerGroup);
}
