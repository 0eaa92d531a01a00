using Marten;
using MassTransit;
using Spinnaker.Mesh.Dora.Api;
using Spinnaker.Mesh.Dora.Consumers;
using Spinnaker.Mesh.Dora.Configuration;
using Spinnaker.Mesh.Dora.Store;

namespace Spinnaker.Mesh.Dora;

/// <summary>
/// The DORA service's registrations: deployments classified from Echo's executions, commit history and incidents in,
/// the four keys and rework rate out, per application, environment, team and week.
/// </summary>
internal static class DoraModule
{
    /// <summary>The service's PostgreSQL schema: its Marten event store and its tables.</summary>
    public const string Schema = "dora";

    public static void ConfigureStore(StoreOptions options) => DoraStore.Configure(options);

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus) => DoraStore.AddConsumers(bus);

    public static WebApplicationBuilder AddDoraModule(this WebApplicationBuilder builder) => DoraStore.AddServices(builder);

    public static WebApplication MapDoraEndpoints(this WebApplication app) => DoraStore.MapEndpoints(app);
}
