namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>Another production deploy of the same application: its execution and when its deploy started.</summary>
internal sealed record OtherDeploy(string ExecutionId, DateTimeOffset DeployStartedAt);

/// <summary>
/// Overlapping deploys of one application: a later production deploy (one that started after this one, or at the
/// same instant with a greater execution id) that started before this one's after window ended confounds it. The
/// after window then measures both deploys, so this one is Inconclusive, "confounded by" the later one, which
/// supersedes it; the later one is assessed as usual, its before window showing what the earlier one left.
/// </summary>
internal static class Overlap
{
    /// <summary>The earliest later deploy that confounds <paramref name="deployment"/>, if any.</summary>
    public static OtherDeploy? ConfounderOf(ImpactDeployment deployment, ImpactWindows windows, IEnumerable<OtherDeploy> others) =>
        others
            .Where(o => o.ExecutionId != deployment.ExecutionId && IsLater(o, deployment) && o.DeployStartedAt < windows.After.End)
            .OrderBy(o => o.DeployStartedAt)
            .ThenBy(o => o.ExecutionId, StringComparer.Ordinal)
            .FirstOrDefault();

    private static bool IsLater(OtherDeploy other, ImpactDeployment deployment) =>
        other.DeployStartedAt > deployment.DeployStartedAt
        || (other.DeployStartedAt == deployment.DeployStartedAt && string.CompareOrdinal(other.ExecutionId, deployment.ExecutionId) > 0);

    public static string Reason(OtherDeploy confounder, ImpactDeployment deployment, ImpactWindows windows) =>
        $"confounded by {confounder.ExecutionId}: a later production deploy of {deployment.Application} started at " +
        $"{confounder.DeployStartedAt:O}, before this deploy's after window ended at {windows.After.End:O}";
}
