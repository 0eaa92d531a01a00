using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Reads ingest's stage and pipeline ends for production deployments (<see cref="ImpactScheduler"/>). Events without a
/// successful deploy stage cost nothing; a redelivered one schedules nothing twice (deterministic event ids).
/// </summary>
internal sealed class DeploymentImpactConsumer(ImpactScheduler scheduler) : IConsumer<StageCompleted>, IConsumer<PipelineCompleted>
{
    public Task Consume(ConsumeContext<StageCompleted> context) => scheduler.ObserveAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<PipelineCompleted> context) => scheduler.ObserveAsync(context.Message, context.CancellationToken);
}

/// <summary>The consumer's own quorum queue, <see cref="Queue"/>.</summary>
internal sealed class DeploymentImpactConsumerDefinition : ConsumerDefinition<DeploymentImpactConsumer>
{
    public const string Queue = "canary-score-deployment-impact";

    public DeploymentImpactConsumerDefinition()
    {
        EndpointName = Queue;
        ConcurrentMessageLimit = 8;
    }
}
