using Marten;
using MassTransit;

namespace Spinnaker.Mesh.Dora;

/// <summary>
/// The DORA service's registrations: deployments classified from Echo's executions, commit history and incidents in,
/// the four keys and rework rate out, per application, environment, team and week.
/// </summary>
internal static class DoraModule
{
    /// <summary>The service's PostgreSQL schema: its Marten event store and its tables.</summary>
    public const string Schema = "dora";

    public static void ConfigureStore(StoreOptions options)
    {
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus)
    {
    }

    public static WebApplicationBuilder AddDoraModule(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapDoraEndpoints(this WebApplication app)
    {
        return app;
    }
}
