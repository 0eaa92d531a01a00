using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// A production deployment's assessment is pending: what was deployed, the policy as it was then (a later policy
/// change does not move a scheduled assessment), both windows, and when it is due (the after window's end plus
/// <see cref="ImpactAssessmentOptions.QueryDelay"/>).
/// </summary>
internal sealed record DeploymentImpactScheduled(
    ImpactDeployment Deployment, ImpactPolicy Policy, ImpactWindows Windows, DateTimeOffset DueAt, DateTimeOffset ScheduledAt);

/// <summary>
/// A later snapshot of the execution showed more production deploy stages before the assessment was made: the
/// deployment now spans them all, and its windows and due time moved with it.
/// </summary>
internal sealed record DeploymentImpactExtended(ImpactDeployment Deployment, ImpactWindows Windows, DateTimeOffset DueAt);

/// <summary>The metric source was unavailable at attempt <see cref="Attempt"/>; the next attempt is at <see cref="RetryAt"/>.</summary>
internal sealed record DeploymentImpactRetryScheduled(int Attempt, string Reason, DateTimeOffset RetryAt);

/// <summary>
/// The stream of one deployment's assessment, <c>deployment-impact:{executionId}</c>: scheduled once, extended while
/// pending, retried while the source is down, assessed once (<see cref="DeploymentImpactAssessed"/>, the contract
/// itself). Every event id is derived from tenant, execution and what the event is, so a redelivered execution event
/// or a second replica appends nothing.
/// </summary>
internal static class DeploymentImpactStreams
{
    public const string Prefix = "deployment-impact:";

    /// <summary>Stable aliases: stored events are read back by them, never rename one.</summary>
    public static IReadOnlyList<(string Alias, Type Type)> Events { get; } =
    [
        ("impact.deployment-impact-scheduled.v1", typeof(DeploymentImpactScheduled)),
        ("impact.deployment-impact-extended.v1", typeof(DeploymentImpactExtended)),
        ("impact.deployment-impact-retry-scheduled.v1", typeof(DeploymentImpactRetryScheduled)),
        ("impact.deployment-impact-assessed.v1", typeof(DeploymentImpactAssessed)),
    ];

    private static readonly Guid Namespace = new("3e9b6c1a-8d24-4f0e-b7a5-5c21d09e8f43");

    public static string StreamId(string executionId) => Prefix + executionId;

    public static string ExecutionId(string streamId) =>
        streamId.StartsWith(Prefix, StringComparison.Ordinal) ? streamId[Prefix.Length..] : streamId;

    public static Guid ScheduledId(string tenant, string executionId) => DeterministicId.FromParts(Namespace, tenant, executionId, "scheduled");

    public static Guid ExtendedId(string tenant, ImpactDeployment d) => DeterministicId.FromParts(Namespace, tenant, d.ExecutionId, "extended",
        Time(d.DeployStartedAt), Time(d.DeployEndedAt), string.Join(',', d.StageIds));

    public static Guid RetryId(string tenant, string executionId, int attempt) =>
        DeterministicId.FromParts(Namespace, tenant, executionId, "retry", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The assessment's id (the contract's EventId and MessageId): tenant, execution and deploy stage.</summary>
    public static Guid AssessedId(string tenant, string executionId, string stageId) =>
        DeterministicId.FromParts(Namespace, tenant, executionId, stageId, "assessed");

    public static Guid DegradedId(string tenant, string executionId, string stageId) =>
        DeterministicId.FromParts(Namespace, tenant, executionId, stageId, "degraded");

    private static string Time(DateTimeOffset t) => t.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One deployment's assessment as its stream tells it.</summary>
/// <param name="Attempts">Attempts that found the source unavailable so far.</param>
internal sealed record ImpactState(
    string Tenant,
    ImpactDeployment Deployment,
    ImpactPolicy Policy,
    ImpactWindows Windows,
    DateTimeOffset DueAt,
    int Attempts,
    string? LastRetryReason,
    DeploymentImpactAssessed? Assessed)
{
    public bool IsPending => Assessed is null;

    /// <summary>The state after the events, in order; null before a <see cref="DeploymentImpactScheduled"/>.</summary>
    public static ImpactState? From(string tenant, IEnumerable<object> events)
    {
        ImpactState? state = null;
        foreach (var e in events)
            state = e switch
            {
                DeploymentImpactScheduled s => state ?? new ImpactState(tenant, s.Deployment, s.Policy, s.Windows, s.DueAt, 0, null, null),
                DeploymentImpactExtended x when state is not null => state with { Deployment = x.Deployment, Windows = x.Windows, DueAt = x.DueAt },
                DeploymentImpactRetryScheduled r when state is not null => state with { Attempts = r.Attempt, LastRetryReason = r.Reason, DueAt = r.RetryAt },
                DeploymentImpactAssessed a when state is not null => state with { Assessed = a },
                _ => state,
            };
        return state;
    }
}
