using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.Rollback.Deployments;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>Which deployment each signal blames, chosen from the deployment history.</summary>
internal static class Blame
{
    /// <summary>
    /// A failed canary blames its pipeline execution's deployment of the service under test (the account and region
    /// it names preferred); without one, the latest deployment of that cluster judged before the canary ended.
    /// </summary>
    public static Deployment? ForCanary(CanaryJudged judgment, IReadOnlyList<Deployment> ofExecution, IReadOnlyList<Deployment> ofCluster)
    {
        if (judgment.Service is not { Length: > 0 } service) return Best(ofExecution, judgment.Account, judgment.Region);
        var own = ofExecution.Where(d => Names(d.Target.Cluster, service)).ToList();
        if (own.Count > 0) return Best(own, judgment.Account, judgment.Region);
        var earlier = ofCluster.Where(d => Names(d.Target.Cluster, service) && (d.DeployedAt ?? d.StartedAt) <= judgment.JudgedAt).ToList();
        return Best(earlier, judgment.Account, judgment.Region);
    }

    /// <summary>
    /// A degraded deployment blames itself: its execution's deployment of the cluster, account and namespace the
    /// assessment names; when the history has none (ingest's events came later), the deployment as the assessment
    /// describes it, assessed because it reached production.
    /// </summary>
    public static Deployment ForDegradation(DeploymentDegraded degraded, IReadOnlyList<Deployment> ofExecution)
    {
        var matching = ofExecution.Where(d => degraded.Cluster is null || Names(d.Target.Cluster, degraded.Cluster)).ToList();
        if (Best(matching, degraded.Account, degraded.Region, degraded.Namespace) is { } recorded) return recorded;
        var target = DeployTarget.Of(degraded.Application, degraded.Cluster, degraded.Account, degraded.Region, degraded.Namespace);
        return new Deployment(degraded.ExecutionId, target, degraded.Version, Reached: true, StartedAt: null, DeployedAt: degraded.AssessedAt, Execution: null);
    }

    /// <summary>
    /// A failed pipeline, and the execution that revealed a duration regression, blame what that execution deployed:
    /// its latest deployment that reached a target, else (nothing reached) its first deploy stage's target.
    /// </summary>
    public static Deployment? ForExecution(IReadOnlyList<Deployment> ofExecution) =>
        ofExecution.Where(d => d.Reached).OrderByDescending(d => d.DeployedAt ?? DateTimeOffset.MinValue).FirstOrDefault()
        ?? ofExecution.OrderBy(d => d.StartedAt ?? DateTimeOffset.MaxValue).FirstOrDefault();

    /// <summary>
    /// Whether a recorded cluster is the one a signal names: the same, or a Kubernetes manifest of that name
    /// (<c>deployment checkout-api</c> for a canary scope <c>checkout-api</c>).
    /// </summary>
    public static bool Names(string? recorded, string named)
    {
        if (recorded is null) return false;
        if (string.Equals(recorded, named, StringComparison.OrdinalIgnoreCase)) return true;
        var space = recorded.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && string.Equals(recorded[(space + 1)..], named, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The deployment that reached its target, in the account, region (or namespace, as canary scopes name it) and
    /// namespace stated, where there is one; then the latest.
    /// </summary>
    private static Deployment? Best(IReadOnlyList<Deployment> candidates, string? account, string? region, string? @namespace = null) =>
        candidates
            .OrderByDescending(d => d.Reached)
            .ThenByDescending(d => Same(d.Target.Account, account))
            .ThenByDescending(d => Same(d.Target.Region, region) || Same(d.Target.Namespace, region))
            .ThenByDescending(d => Same(d.Target.Namespace, @namespace))
            .ThenByDescending(d => d.DeployedAt ?? DateTimeOffset.MinValue)
            .FirstOrDefault();

    private static bool Same(string? recorded, string? stated) =>
        stated is { Length: > 0 } && string.Equals(recorded, stated, StringComparison.OrdinalIgnoreCase);
}
