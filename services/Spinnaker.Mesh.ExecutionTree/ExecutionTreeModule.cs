using MassTransit;
using Spinnaker.Mesh.EventStore;
using Spinnaker.Mesh.ExecutionTree.Api;
using Spinnaker.Mesh.ExecutionTree.Consumers;
using Spinnaker.Mesh.ExecutionTree.ReadModel;
using Spinnaker.Mesh.ExecutionTree.Regressions;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>The execution-tree service's registrations: event types, the read-model projection, consumers, query endpoints.</summary>
internal static class ExecutionTreeModule
{
    /// <summary>One quorum queue for every execution event type, bound to each type's exchange.</summary>
    public const string Queue = "execution-tree";

    /// <summary>Events handled at once; events of one execution still wait for each other on the stream's lock.</summary>
    public const int ConcurrentMessageLimit = 32;

    public static void ConfigureEventStore(EventStoreOptions options)
    {
        foreach (var (alias, type) in ExecutionEvents.All) options.Events.Register(type, alias);
        options.Projections.Add(new ExecutionReadModelProjection());
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var (_, eventType) in ExecutionEvents.All)
            bus.AddConsumer(typeof(ExecutionEventConsumer<>).MakeGenericType(eventType)).Endpoint(endpoint =>
            {
                endpoint.Name = Queue;
                endpoint.ConcurrentMessageLimit = ConcurrentMessageLimit;
            });
    }

    public static WebApplicationBuilder AddExecutionTreeModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegressionMonitor>();
        builder.Services.AddSingleton<RegressionQueries>();
        return builder;
    }

    public static WebApplication MapExecutionTreeEndpoints(this WebApplication app)
    {
        app.MapGet("/api/executions", ExecutionEndpoints.ListAsync);
        app.MapGet("/api/executions/{executionId}", ExecutionEndpoints.GetAsync);
        app.MapGet("/api/regressions", RegressionEndpoint.ListAsync);
        return app;
    }
}
