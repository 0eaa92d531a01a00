namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// An application's automated-rollback policy (<c>PUT /api/rollback-policies/{application}</c>, or configuration under
/// <c>Mesh:Rollback:Policies:{application}</c>).
/// </summary>
/// <param name="Application">The application whose deployments the policy watches.</param>
/// <param name="Enabled">False keeps the policy but makes no decisions.</param>
/// <param name="Mode"><see cref="RollbackModes.Auto"/> or <see cref="RollbackModes.Confirm"/>.</param>
/// <param name="Triggers">The signals that lead to a proposal (<see cref="RollbackTriggers"/>).</param>
/// <param name="RollbackPipeline">The pipeline Mesh starts to roll back.</param>
/// <param name="CooldownMinutes">After a triggered rollback on an application/cluster, no new one there for this long.</param>
internal sealed record RollbackPolicy(
    string Application,
    bool Enabled,
    string Mode,
    IReadOnlyList<string> Triggers,
    RollbackPipelineReference RollbackPipeline,
    int CooldownMinutes);

/// <summary>The rollback pipeline: its application, its name or config id, and parameters that may hold placeholders.</summary>
/// <param name="Parameters">Values may use <c>${cluster}</c>, <c>${account}</c>, <c>${region}</c>, <c>${namespace}</c>,
/// <c>${fromVersion}</c>, <c>${toVersion}</c>, <c>${executionId}</c>, filled from the failed deployment.</param>
internal sealed record RollbackPipelineReference(string Application, string PipelineNameOrId, IReadOnlyDictionary<string, string> Parameters);

internal static class RollbackModes
{
    public const string Auto = "auto";
    public const string Confirm = "confirm";
}

internal static class RollbackTriggers
{
    public const string CanaryFail = "canaryFail";
    public const string DeploymentDegraded = "deploymentDegraded";
    public const string PipelineFailedAfterDeploy = "pipelineFailedAfterDeploy";
    public const string DurationRegression = "durationRegression";

    public static readonly IReadOnlyList<string> All = [CanaryFail, DeploymentDegraded, PipelineFailedAfterDeploy, DurationRegression];
}

/// <summary>Where the rollback service reads policies: stored ones first, configured ones for applications without a stored policy.</summary>
internal interface IRollbackPolicies
{
    Task<RollbackPolicy?> FindAsync(string tenant, string application, CancellationToken cancellationToken);

    /// <summary>Every policy of the tenant (stored and configured), by application.</summary>
    Task<IReadOnlyList<RollbackPolicy>> ListAsync(string tenant, CancellationToken cancellationToken);
}
