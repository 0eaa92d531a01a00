using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>
/// Records the deployments an execution event shows (<see cref="DeploymentHistory"/>). Events without deploy stages
/// cost nothing. Registered once per event type, on one queue (<see cref="DeploymentHistoryDefinition{TEvent}"/>).
/// </summary>
internal sealed class DeploymentHistoryConsumer<TEvent>(DeploymentHistory history) : IConsumer<TEvent>
    where TEvent : class, IExecutionEvent
{
    public async Task Consume(ConsumeContext<TEvent> context)
    {
        if (DeploymentObservation.From(context.Message) is { } observation)
            await history.RecordAsync(observation, context.CancellationToken);
    }
}

/// <summary>Puts each execution event type's history consumer on the queue <see cref="Queue"/>.</summary>
internal sealed class DeploymentHistoryDefinition<TEvent> : ConsumerDefinition<DeploymentHistoryConsumer<TEvent>>
    where TEvent : class, IExecutionEvent
{
    public const string Queue = "rollback-deployment-history";

    /// <summary>
    /// The events whose snapshots show deploy stages ending: a stage's end (its own and its snapshot), and the end of a
    /// pipeline or of an orchestration (a Deck "clone server group" deploys too).
    /// </summary>
    public static readonly Type[] EventTypes = [typeof(StageCompleted), typeof(PipelineCompleted), typeof(OrchestrationCompleted)];

    public DeploymentHistoryDefinition()
    {
        EndpointName = Queue;
        ConcurrentMessageLimit = 8;
    }
}
