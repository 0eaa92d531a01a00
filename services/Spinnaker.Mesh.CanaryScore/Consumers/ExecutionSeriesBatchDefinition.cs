using MassTransit;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Series;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>Puts each execution event type's series consumer on the one <see cref="SeriesModule.Queue"/>, with the configured batch limits.</summary>
internal sealed class ExecutionSeriesBatchDefinition<TEvent> : ConsumerDefinition<ExecutionSeriesBatchConsumer<TEvent>>
    where TEvent : class, Contracts.Executions.V1.IExecutionEvent
{
    private readonly ExecutionSeriesOptions _options;

    public ExecutionSeriesBatchDefinition(IOptions<ExecutionSeriesOptions> options)
    {
        _options = options.Value;
        EndpointName = SeriesModule.Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExecutionSeriesBatchConsumer<TEvent>> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(_options.ExecutionSeries.ApplyTo);
}
