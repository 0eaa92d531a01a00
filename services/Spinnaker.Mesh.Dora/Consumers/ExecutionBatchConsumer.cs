using MassTransit;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Dora.Store;

namespace Spinnaker.Mesh.Dora.Consumers;

/// <summary>
/// Stores a batch of terminal executions (<see cref="PipelineCompleted"/>, <see cref="OrchestrationCompleted"/>: each
/// carries the whole execution) and classifies each application they belong to once, one tenant per transaction
/// (<see cref="DoraRecorder"/>). Every delivery is kept once under its event id: a redelivery of the same event appends
/// nothing, while a second terminal state of one execution (a restart) is a delivery the domain counts. Registered
/// once per event type, both on <see cref="Queue"/>.
/// </summary>
internal sealed class ExecutionBatchConsumer<TEvent>(DoraRecorder recorder) : IConsumer<Batch<TEvent>>
    where TEvent : class, IExecutionEvent
{
    public const string Queue = "dora-execution-events";

    public static readonly Type[] EventTypes = [typeof(PipelineCompleted), typeof(OrchestrationCompleted)];

    public async Task Consume(ConsumeContext<Batch<TEvent>> context)
    {
        var redelivered = DoraPublishing.Redelivered(context) || context.Message.Any(m => DoraPublishing.Redelivered(m));
        foreach (var tenant in context.Message.Select(m => m.Message).GroupBy(e => e.Execution.Tenant, StringComparer.Ordinal))
        {
            var events = tenant.Select(DoraStreams.Delivery).ToList();
            var applications = tenant.Select(e => e.Execution.Application).Distinct(StringComparer.Ordinal).ToList();
            var published = await recorder.RecordAsync(tenant.Key, events, applications, [], redelivered, context.CancellationToken);
            await DoraPublishing.PublishAsync(context, published, context.CancellationToken);
        }
    }
}

/// <summary>Both event types' batch consumers on one queue, with the batch limits of <see cref="DoraOptions"/>.</summary>
internal sealed class ExecutionBatchDefinition<TEvent> : ConsumerDefinition<ExecutionBatchConsumer<TEvent>>
    where TEvent : class, IExecutionEvent
{
    private readonly DoraOptions _options;

    public ExecutionBatchDefinition(IOptions<DoraOptions> options)
    {
        _options = options.Value;
        EndpointName = ExecutionBatchConsumer<TEvent>.Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<ExecutionBatchConsumer<TEvent>> consumer, IRegistrationContext context)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, _options.PrefetchCount);
        consumer.Options<BatchOptions>(_options.ApplyTo);
    }
}
