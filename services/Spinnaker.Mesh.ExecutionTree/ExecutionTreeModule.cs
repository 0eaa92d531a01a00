using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Spinnaker.Mesh.ExecutionTree.Api;
using Spinnaker.Mesh.ExecutionTree.Consumers;
using Spinnaker.Mesh.ExecutionTree.ReadModel;
using Spinnaker.Mesh.ExecutionTree.Regressions;

namespace Spinnaker.Mesh.ExecutionTree;

/// <summary>The execution-tree service's registrations: event types, read-model tables and projection, consumers, query endpoints.</summary>
internal static class ExecutionTreeModule
{
    /// <summary>One quorum queue for every execution event type, bound to each type's exchange.</summary>
    public const string Queue = "execution-tree";

    /// <summary>
    /// The service's part of its Marten store (schema <see cref="ReadModelSchema.Name"/>): the event types under their
    /// stable aliases, the read-model tables as Weasel schema objects (created and migrated with Marten's own), and the
    /// read model as an inline projection that a rebuild empties and refills (regressions excepted).
    /// </summary>
    public static void ConfigureStore(StoreOptions options)
    {
        foreach (var (alias, type) in ExecutionEvents.All) options.Events.MapEventType(type, alias);
        options.Storage.ExtendedSchemaObjects.AddRange(ReadModelSchema.Tables());
        options.Projections.Add(new ExecutionReadModelProjection(), ProjectionLifecycle.Inline, ExecutionReadModelProjection.Name, rebuild =>
        {
            foreach (var table in ReadModelSchema.Projected) rebuild.DeleteDataInTableOnTeardown(table.QualifiedName);
        });
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        foreach (var (_, eventType) in ExecutionEvents.All)
            bus.AddConsumer(
                typeof(ExecutionEventBatchConsumer<>).MakeGenericType(eventType),
                typeof(ExecutionEventBatchDefinition<>).MakeGenericType(eventType));
    }

    public static WebApplicationBuilder AddExecutionTreeModule(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<ExecutionTreeOptions>(ExecutionTreeOptions.Section);
        builder.AddMeshOptions<RegressionOptions>(RegressionOptions.Section);
        builder.Services.AddSingleton<ExecutionEventWriter>();
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
