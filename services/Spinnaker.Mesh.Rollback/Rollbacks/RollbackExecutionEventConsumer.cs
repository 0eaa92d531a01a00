using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Anomalies;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// Reads a batch of ingest's execution events (a stage's end with its snapshot, an execution's end): keeps the failed
/// stages they show as anomalies first, so that a rollback ending in the same batch lists the failure it answers, then the
/// rollbacks the events show, one tenant per transaction (<see cref="RollbackRecorder"/>), and publishes, after the
/// commit, the <see cref="Contracts.Rollback.V1.RollbackObserved"/> of those that ended (MessageId = EventId).
/// Registered once per event type, all on <see cref="Queue"/>.
/// </summary>
/// <param name="services">The message's scope: rollback policies are used when another part of the service registers them.</param>
internal sealed class RollbackExecutionEventConsumer<TEvent>(
    RollbackRecorder recorder, AnomalyStore anomalies, PipelineNamePattern pipelineNames, IServiceProvider services) : IConsumer<Batch<TEvent>>
    where TEvent : class, IExecutionEvent
{
    public const string Queue = "rollback-execution-events";

    /// <summary>The events that show a stage or an execution at its end, with the execution's stages.</summary>
    public static readonly Type[] EventTypes = [typeof(StageCompleted), typeof(PipelineCompleted), typeof(OrchestrationCompleted)];

    public async Task Consume(ConsumeContext<Batch<TEvent>> context)
    {
        var ct = context.CancellationToken;
        var events = context.Message.Select(m => (IExecutionEvent)m.Message).ToList();
        await anomalies.RecordAsync([.. events.SelectMany(AnomalyReader.FailedStages)], ct);

        var redelivered = context.GetRetryAttempt() > 0 || context.Message.Any(m => m.GetRetryAttempt() > 0 || m.ReceiveContext.Redelivered);
        var policies = services.GetService<IRollbackPolicies>();
        foreach (var tenant in events.GroupBy(e => e.Execution.Tenant, StringComparer.Ordinal))
        {
            var rules = await RecognitionRules.LoadAsync(pipelineNames.Regex, policies, tenant.Key, ct);
            var observations = tenant.SelectMany(e => RollbackRecognizer.Recognize(e, rules)).ToList();
            foreach (var observed in await recorder.RecordAsync(tenant.Key, observations, redelivered, ct))
                await context.Publish(observed, p => p.MessageId = observed.EventId, ct);
        }
    }
}

/// <summary>Every event type's batch consumer on the one queue, with the batch limits of <see cref="RecognitionOptions"/>.</summary>
internal sealed class RollbackExecutionEventDefinition<TEvent> : ConsumerDefinition<RollbackExecutionEventConsumer<TEvent>>
    where TEvent : class, IExecutionEvent
{
    private readonly RecognitionOptions _options;

    public RollbackExecutionEventDefinition(IOptions<RecognitionOptions> options)
    {
        _options = options.Value;
        EndpointName = RollbackExecutionEventConsumer<TEvent>.Queue;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<RollbackExecutionEventConsumer<TEvent>> consumer, IRegistrationContext context)
    {
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, _options.PrefetchCount);
        consumer.Options<BatchOptions>(_options.ApplyTo);
    }
}

/// <summary>The configured rollback-pipeline name pattern, compiled once.</summary>
internal sealed record PipelineNamePattern(Regex Regex);
