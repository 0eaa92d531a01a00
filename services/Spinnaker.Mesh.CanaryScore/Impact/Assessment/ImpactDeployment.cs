namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// A production deployment as the assessment sees it: one execution's production deploy stages together. Its deploy
/// started when the earliest of them started and ended when the latest ended; cluster, account, region, namespace
/// and version are those of the stage that names the most of them (the placeholders of the SLI queries).
/// </summary>
/// <param name="StageId">The stage that stands for the deployment (the contracts' <c>StageId</c>).</param>
/// <param name="StageIds">Every production deploy stage of the execution seen so far.</param>
internal sealed record ImpactDeployment(
    string Application,
    string ExecutionId,
    string StageId,
    string? PipelineName,
    IReadOnlyList<string> StageIds,
    string? Cluster,
    string? Account,
    string? Region,
    string? Namespace,
    string? Version,
    DateTimeOffset DeployStartedAt,
    DateTimeOffset DeployEndedAt)
{
    /// <summary>
    /// This deployment widened by <paramref name="later"/>'s stages (a later snapshot of the same execution): the
    /// earliest start, the latest end, every stage; the describing fields stay unless they were unknown.
    /// </summary>
    public ImpactDeployment Merge(ImpactDeployment later) => this with
    {
        StageIds = [.. StageIds.Union(later.StageIds, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        Cluster = Cluster ?? later.Cluster,
        Account = Account ?? later.Account,
        Region = Region ?? later.Region,
        Namespace = Namespace ?? later.Namespace,
        Version = Version ?? later.Version,
        PipelineName = PipelineName ?? later.PipelineName,
        DeployStartedAt = later.DeployStartedAt < DeployStartedAt ? later.DeployStartedAt : DeployStartedAt,
        DeployEndedAt = later.DeployEndedAt > DeployEndedAt ? later.DeployEndedAt : DeployEndedAt,
    };

    /// <summary>Whether <paramref name="other"/> covers a stage or a time this one does not.</summary>
    public bool IsWidenedBy(ImpactDeployment other) =>
        other.DeployStartedAt < DeployStartedAt || other.DeployEndedAt > DeployEndedAt
        || other.StageIds.Except(StageIds, StringComparer.Ordinal).Any();
}

/// <summary>A time range queried with <c>query_range</c>, both ends included.</summary>
internal sealed record ImpactWindow(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The window before the deploy (ending when it started) and the window of the same length after it settled
/// (starting <c>settle</c> after it ended).
/// </summary>
internal sealed record ImpactWindows(ImpactWindow Before, ImpactWindow After)
{
    public static ImpactWindows For(DateTimeOffset deployStartedAt, DateTimeOffset deployEndedAt, TimeSpan settle, TimeSpan window)
    {
        var afterStart = deployEndedAt + settle;
        return new ImpactWindows(new ImpactWindow(deployStartedAt - window, deployStartedAt), new ImpactWindow(afterStart, afterStart + window));
    }

    public static ImpactWindows For(ImpactDeployment deployment, ImpactPolicy policy) =>
        For(deployment.DeployStartedAt, deployment.DeployEndedAt, policy.Settle, policy.Window);
}
