using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// Rollback monitoring: rollbacks recognized in ingest's execution events, each in its own stream with its view, the
/// anomalies that preceded them, <see cref="Contracts.Rollback.V1.RollbackObserved"/> once each, and
/// <c>GET /api/rollbacks[/{rollbackId}]</c>.
/// </summary>
internal static class RollbackMonitoring
{
    public static void ConfigureStore(StoreOptions options)
    {
        RollbackStreams.Configure(options);
        options.Storage.ExtendedSchemaObjects.Add(AnomalyTable.Create());
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var eventType in RollbackExecutionEventConsumer<PipelineCompleted>.EventTypes)
            bus.AddConsumer(
                typeof(RollbackExecutionEventConsumer<>).MakeGenericType(eventType),
                typeof(RollbackExecutionEventDefinition<>).MakeGenericType(eventType));
        bus.AddConsumer<AnomalySignalConsumer, AnomalySignalDefinition>();
    }

    public static WebApplicationBuilder AddRollbackMonitoring(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<RecognitionOptions>(RecognitionOptions.Section);
        builder.Services.AddSingleton(sp => new PipelineNamePattern(sp.GetRequiredService<IOptions<RecognitionOptions>>().Value.PipelineNames()));
        builder.Services.TryAddSingleton<AnomalyStore>();
        builder.Services.AddSingleton<RollbackRecorder>();
        return builder;
    }

    public static WebApplication MapRollbackMonitoring(this WebApplication app)
    {
        var rollbacks = app.MapGroup("/api/rollbacks");
        rollbacks.MapGet("", RollbackEndpoints.ListAsync);
        rollbacks.MapGet("/{rollbackId}", RollbackEndpoints.GetAsync);
        return app;
    }
}
