using System.Globalization;
using MassTransit;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>
/// <c>deploymentDegraded</c>: a production deployment whose indicators got worse blames itself, its execution's
/// deployment of the cluster, account and namespace the assessment names (<see cref="Blame.ForDegradation"/>).
/// </summary>
internal sealed class DeploymentDegradedConsumer(DeploymentHistory history, RollbackProposer proposer) : IConsumer<DeploymentDegraded>
{
    public const string Queue = "rollback-deployment-degraded-signals";

    public async Task Consume(ConsumeContext<DeploymentDegraded> context)
    {
        var degraded = context.Message;
        var ofExecution = await history.OfExecutionAsync(degraded.Tenant, degraded.ExecutionId, context.CancellationToken);
        var signal = new RollbackSignal(degraded.Tenant, degraded.Application, RollbackTriggers.DeploymentDegraded, degraded.EventId.ToString("D"),
            Summary(degraded), Blame.ForDegradation(degraded, ofExecution), degraded.Cluster);
        await SignalDecisions.DecideAsync(context, proposer, signal);
    }

    private static string Summary(DeploymentDegraded d)
    {
        var text = $"deployment {d.ExecutionId} of {d.Cluster ?? d.Application} degraded";
        if (d.Score is { } score) text += string.Create(CultureInfo.InvariantCulture, $" (score {score:0.##})");
        if (d.DegradedSlis.Count > 0) text += $": {string.Join(", ", d.DegradedSlis.Select(s => s.Name))} got worse";
        return text;
    }
}

internal sealed class DeploymentDegradedDefinition : ConsumerDefinition<DeploymentDegradedConsumer>
{
    public DeploymentDegradedDefinition()
    {
        EndpointName = DeploymentDegradedConsumer.Queue;
        ConcurrentMessageLimit = 4;
    }
}
