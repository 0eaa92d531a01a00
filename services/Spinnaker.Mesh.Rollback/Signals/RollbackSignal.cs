using Spinnaker.Mesh.Rollback.Deployments;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>
/// Something that may call for a rollback, with the deployment it blames.
/// </summary>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">The application whose policy decides.</param>
/// <param name="Trigger">The policy trigger it stands for (<see cref="Policies.RollbackTriggers"/>).</param>
/// <param name="SignalId">The signal's own id (canary judgment, impact assessment, execution, regression event): with
/// tenant and trigger it makes the decision id, so a redelivered signal finds its decision.</param>
/// <param name="Summary">What happened, in words, for the decision's reason.</param>
/// <param name="Blamed">The deployment the signal blames, when one is known.</param>
/// <param name="Cluster">The cluster the signal names, for reasons and locks when no deployment is known.</param>
internal sealed record RollbackSignal(
    string Tenant, string Application, string Trigger, string SignalId, string Summary, Deployment? Blamed, string? Cluster)
{
    /// <summary>The cluster decisions about this signal are serialized on and cooled down by.</summary>
    public string? TargetCluster => Blamed?.Target.Cluster ?? Cluster;

    /// <summary>The execution the signal is about, when known without a deployment (a failed pipeline that deployed nothing).</summary>
    public ExecutionOutcome? Execution { get; init; }

    /// <summary>The blamed deployment's execution, else the signal's own.</summary>
    public ExecutionOutcome? BlamedExecution => Blamed?.Execution ?? Execution;
}
