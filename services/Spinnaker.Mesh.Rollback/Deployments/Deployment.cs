namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>One deploy stage's deployment of one target, as the newest snapshot of the stage showed it.</summary>
/// <param name="Reached">The stage changed the target (see <see cref="DeployStages.ReachedTheCluster"/>); once seen, kept.</param>
/// <param name="Version">The version it deployed, when it names one.</param>
internal sealed record StageDeployment(
    string ExecutionId, string StageId, DeployTarget Target, string? StageType, string StageStatus, bool Reached, string? Version,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

/// <summary>An execution as the newest of its snapshots showed it (a final status is never replaced by an older one).</summary>
/// <param name="MeshDecisionId">The Mesh decision that started it (<c>trigger.parameters.meshDecisionId</c>), for rollbacks Mesh triggered.</param>
internal sealed record ExecutionOutcome(
    string ExecutionId, string Application, string? PipelineName, string? PipelineConfigId, string Status,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? MeshDecisionId)
{
    public bool Succeeded => Status == "SUCCEEDED";

    /// <summary>The execution is over (Orca's complete statuses).</summary>
    public bool Ended => ExecutionStatuses.IsFinal(Status);
}

/// <summary>
/// What one execution did to one target, all its deploy stages there taken together (a <c>deploy</c> stage and its
/// synthetic <c>createServerGroup</c>, or two manifests of the same workload).
/// </summary>
/// <param name="Reached">Some deploy stage of the execution changed the target.</param>
/// <param name="Version">The version of its latest stage there that reached the target (else of any of them).</param>
/// <param name="StartedAt">When its first deploy stage there started: "before the deploy" is before this.</param>
/// <param name="DeployedAt">When its last deploy stage there ended (or started, when still running).</param>
/// <param name="Execution">The execution, when an event showed it.</param>
internal sealed record Deployment(
    string ExecutionId, DeployTarget Target, string? Version, bool Reached, DateTimeOffset? StartedAt, DateTimeOffset? DeployedAt,
    ExecutionOutcome? Execution)
{
    /// <summary>Groups stage deployments by execution and target.</summary>
    public static IReadOnlyList<Deployment> Combine(IEnumerable<StageDeployment> stages, IReadOnlyDictionary<string, ExecutionOutcome> executions) =>
    [
        .. stages.GroupBy(s => (s.ExecutionId, s.Target)).Select(g =>
        {
            var ordered = g.OrderBy(s => s.EndedAt ?? s.StartedAt ?? DateTimeOffset.MinValue).ThenBy(s => s.StageId, StringComparer.Ordinal).ToList();
            var version = ordered.LastOrDefault(s => s.Reached && s.Version is not null)?.Version ?? ordered.LastOrDefault(s => s.Version is not null)?.Version;
            return new Deployment(
                g.Key.ExecutionId, g.Key.Target, version, ordered.Any(s => s.Reached),
                ordered.Select(s => s.StartedAt).Where(t => t is not null).Min(),
                ordered.Select(s => s.EndedAt ?? s.StartedAt).Where(t => t is not null).Max(),
                executions.GetValueOrDefault(g.Key.ExecutionId));
        }),
    ];

    /// <summary>The time a known-good version must have been in place by: the start of this deployment.</summary>
    public DateTimeOffset? Before => StartedAt ?? DeployedAt ?? Execution?.StartedAt;
}

internal static class ExecutionStatuses
{
    /// <summary>Orca's complete statuses (echo.md §5).</summary>
    public static bool IsFinal(string? status) => status is "SUCCEEDED" or "FAILED_CONTINUE" or "TERMINAL" or "CANCELED" or "STOPPED" or "SKIPPED";

    /// <summary>An execution that ended without succeeding: the pipelineFailedAfterDeploy statuses.</summary>
    public static bool Failed(string? status) => status is "TERMINAL" or "CANCELED" or "STOPPED";
}
