using Marten;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// The automated-rollback policies (<c>/api/rollback-policies</c>, stored per tenant, configured as fallback) and the
/// Spinnaker Gate client that starts the rollback pipelines they name.
/// </summary>
internal static class PoliciesModule
{
    public static void ConfigureStore(StoreOptions options)
    {
    }

    public static WebApplicationBuilder AddPoliciesAndGate(WebApplicationBuilder builder)
    {
        builder.AddGate();
        return builder;
    }

    public static WebApplication MapEndpoints(WebApplication app) => app;
}
