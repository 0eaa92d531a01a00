using MassTransit;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>
/// Failed and marginal canary judgments, degraded deployments and duration regressions, as their services publish them,
/// kept as anomalies under the message's event id (a redelivery stores nothing new). Failed stages come with the
/// execution events (<see cref="Rollbacks.RollbackExecutionEventConsumer{TEvent}"/>), one per stage.
/// </summary>
internal sealed class AnomalySignalConsumer(AnomalyStore anomalies) :
    IConsumer<CanaryJudged>, IConsumer<DeploymentDegraded>, IConsumer<ExecutionDurationRegressed>
{
    public const string Queue = "rollback-anomaly-signals";

    public Task Consume(ConsumeContext<CanaryJudged> context) =>
        AnomalyReader.Read(context.Message) is { } anomaly ? anomalies.RecordAsync([anomaly], context.CancellationToken) : Task.CompletedTask;

    public Task Consume(ConsumeContext<DeploymentDegraded> context) =>
        anomalies.RecordAsync([AnomalyReader.Read(context.Message)], context.CancellationToken);

    public Task Consume(ConsumeContext<ExecutionDurationRegressed> context) =>
        anomalies.RecordAsync([AnomalyReader.Read(context.Message)], context.CancellationToken);
}

internal sealed class AnomalySignalDefinition : ConsumerDefinition<AnomalySignalConsumer>
{
    public AnomalySignalDefinition()
    {
        EndpointName = AnomalySignalConsumer.Queue;
        ConcurrentMessageLimit = 8;
    }
}
