using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// Follows triggered rollbacks through ingest's <see cref="PipelineCompleted"/>: the completion of a decision's rollback
/// execution ends the decision (<see cref="RollbackVerifier"/>). Every other execution costs one indexed lookup.
/// </summary>
internal sealed class PipelineCompletedConsumer(RollbackVerifier verifier) : IConsumer<PipelineCompleted>
{
    public Task Consume(ConsumeContext<PipelineCompleted> context) =>
        verifier.VerifyAsync(context.Message, context, context.CancellationToken);
}

/// <summary>The verifier's own queue, <see cref="Queue"/>, beside the other consumers of ingest's events.</summary>
internal sealed class PipelineCompletedConsumerDefinition : ConsumerDefinition<PipelineCompletedConsumer>
{
    public const string Queue = "rollback-decision-verification";

    public PipelineCompletedConsumerDefinition() => EndpointName = Queue;
}
