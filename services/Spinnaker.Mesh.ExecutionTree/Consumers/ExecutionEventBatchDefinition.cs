using MassTransit;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.ExecutionTree.Consumers;

/// <summary>
/// Puts every execution event type's batch consumer on the one <see cref="ExecutionTreeModule.Queue"/>, with the batch
/// limits of <see cref="ExecutionTreeOptions"/> (MassTransit sizes the endpoint's prefetch and concurrency to hold
/// them).
/// </summary>
internal sealed class ExecutionEventBatchDefinition<TEvent> : ConsumerDefinition<ExecutionEventBatchConsumer<TEvent>>
    where TEvent : class
{
    private readonly ExecutionTreeOptions _options;

    public ExecutionEventBatchDefinition(IOptions<ExecutionTreeOptions> options)
    {
        _options = options.Value;
        EndpointName = ExecutionTreeModule.Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExecutionEventBatchConsumer<TEvent>> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(_options.ApplyTo);
}
