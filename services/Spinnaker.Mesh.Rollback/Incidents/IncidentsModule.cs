using Marten;
using MassTransit;
using Spinnaker.Mesh.Rollback.Incidents.Api;
using Spinnaker.Mesh.Rollback.Incidents.Consumers;
using Spinnaker.Mesh.Rollback.Incidents.Store;

namespace Spinnaker.Mesh.Rollback.Incidents;

/// <summary>
/// Incidents for failed pipelines: a pipeline that ends <c>TERMINAL</c>, <c>CANCELED</c> or <c>STOPPED</c> opens one
/// with its deploy context, further failures within the join window join it, the next success resolves it.
/// </summary>
internal static class IncidentsModule
{
    public static void ConfigureStore(StoreOptions options) => IncidentStreams.Configure(options);

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<IncidentExecutionConsumer, IncidentExecutionConsumerDefinition>();

    public static WebApplicationBuilder AddIncidents(WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<IncidentOptions>(IncidentOptions.Section);
        builder.Services.AddSingleton<IncidentRecorder>();
        return builder;
    }

    public static WebApplication MapIncidentEndpoints(WebApplication app)
    {
        var incidents = app.MapGroup("/api/incidents");
        incidents.MapGet("", IncidentEndpoints.ListAsync);
        incidents.MapGet("/{incidentId}", IncidentEndpoints.GetAsync);
        return app;
    }
}
