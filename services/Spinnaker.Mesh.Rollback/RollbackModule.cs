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
        Policies.PoliciesModule.ConfigureStore(options);
        Execution.ExecutionModule.ConfigureStore(options);
        Decisions.Proposing.ProposingModule.ConfigureStore(options);
        Incidents.IncidentsModule.ConfigureStore(options);
        Rollbacks.RollbackMonitoring.ConfigureStore(options);
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
        Execution.ExecutionModule.ConfigureConsumers(bus);
        Decisions.Proposing.ProposingModule.ConfigureConsumers(bus);
        Incidents.IncidentsModule.ConfigureConsumers(bus);
        Rollbacks.RollbackMonitoring.ConfigureConsumers(bus);
    }

    public static WebApplicationBuilder AddRollbackModule(this WebApplicationBuilder builder)
    {
        Policies.PoliciesModule.AddPoliciesAndGate(builder);
        Execution.ExecutionModule.AddExecution(builder);
        Decisions.Proposing.ProposingModule.AddProposing(builder);
        Incidents.IncidentsModule.AddIncidents(builder);
        Rollbacks.RollbackMonitoring.AddRollbackMonitoring(builder);
        return builder;
    }

    public static WebApplication MapRollbackEndpoints(this WebApplication app)
    {
        Policies.PoliciesModule.MapEndpoints(app);
        Decisions.Proposing.ProposingModule.MapProposing(app);
        Incidents.IncidentsModule.MapIncidentEndpoints(app);
        Rollbacks.RollbackMonitoring.MapRollbackMonitoring(app);
        return app;
    }
}
