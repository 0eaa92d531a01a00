namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>
/// The version a target can go back to before a deployment: the latest version deployed there by an execution that
/// succeeded and had ended before that deployment started, other than the version being rolled back. A version a
/// failed execution left behind is no known-good version, however long it ran.
/// </summary>
internal static class KnownGoodVersion
{
    /// <param name="blamed">The deployment to roll back.</param>
    /// <param name="history">Deployments of the same target (others are ignored), in any order.</param>
    public static Deployment? Before(Deployment blamed, IEnumerable<Deployment> history)
    {
        var before = blamed.Before;
        return history
            .Where(d => d.Target == blamed.Target && d.ExecutionId != blamed.ExecutionId && d.Reached && !string.IsNullOrWhiteSpace(d.Version)
                        && !string.Equals(d.Version, blamed.Version, StringComparison.Ordinal)
                        && d.Execution is { Succeeded: true, EndedAt: { } ended } && (before is null || ended <= before))
            .OrderByDescending(d => d.DeployedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(d => d.Execution!.EndedAt)
            .ThenByDescending(d => d.ExecutionId, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
