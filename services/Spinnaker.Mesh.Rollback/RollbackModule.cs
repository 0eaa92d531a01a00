using Marten;
using MassTransit;

namespace Spinnaker.Mesh.Rollback;

/// <summary>
/// The rollback service's registrations: rollbacks recognized in Echo's executions with what preceded them, incidents
/// for failed pipelines with their deploy context, per-application rollback policies, and automated rollback decisions
/// triggered at most once through Spinnaker Gate and followed to their end.
/// </summary>
internal static class RollbackModule
{
    /// <summary>The service's PostgreSQL schema: its Marten event store and its tables.</summary>
    public const string Schema = "rollback";

    public static void ConfigureStore(StoreOptions options)
    {
        Decisions.DecisionStreams.Configure(options);
        Incidents.IncidentsModule.ConfigureStore(options);
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        Incidents.IncidentsModule.ConfigureConsumers(bus);
    }

    public static WebApplicationBuilder AddRollbackModule(this WebApplicationBuilder builder)
    {
        Incidents.IncidentsModule.AddIncidents(builder);
        return builder;
    }

    public static WebApplication MapRollbackEndpoints(this WebApplication app)
    {
        Incidents.IncidentsModule.MapIncidentEndpoints(app);
        return app;
    }
}
