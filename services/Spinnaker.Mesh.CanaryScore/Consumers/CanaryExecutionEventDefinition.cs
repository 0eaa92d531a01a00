using MassTransit;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// Puts each execution event type's batch consumer on the one queue <see cref="Queue"/>, with the batch limits of
/// <see cref="JudgmentOptions"/>.
/// </summary>
internal sealed class CanaryExecutionEventDefinition<TEvent> : ConsumerDefinition<CanaryExecutionEventConsumer<TEvent>>
    where TEvent : class, IExecutionEvent
{
    public const string Queue = "canary-score-execution-events";

    /// <summary>The events that can show a finished canary run: a stage's end (its own and its snapshot) and the pipeline's.</summary>
    public static readonly Type[] EventTypes = [typeof(StageCompleted), typeof(PipelineCompleted)];

    private readonly JudgmentOptions _options;

    public CanaryExecutionEventDefinition(IOptions<JudgmentOptions> options)
    {
        _options = options.Value;
        EndpointName = Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<CanaryExecutionEventConsumer<TEvent>> consumer, IRegistrationContext context)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, _options.PrefetchCount);
        consumer.Options<BatchOptions>(_options.ApplyTo);
    }
}
