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
        Rollbacks.RollbackMonitoring.ConfigureStore(options);
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        Rollbacks.RollbackMonitoring.ConfigureConsumers(bus);
    }

    public static WebApplicationBuilder AddRollbackModule(this WebApplicationBuilder builder)
    {
        Rollbacks.RollbackMonitoring.AddRollbackMonitoring(builder);
        return builder;
    }

    public static WebApplication MapRollbackEndpoints(this WebApplication app)
    {
        Rollbacks.RollbackMonitoring.MapRollbackMonitoring(app);
        return app;
    }
}
