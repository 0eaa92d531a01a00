using Marten;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Policies;

/// <summary>
/// The automated-rollback policies (<c>/api/rollback-policies</c>, stored per tenant, configured as fallback) and the
/// Spinnaker Gate client that starts the rollback pipelines they name.
/// </summary>
internal static class PoliciesModule
{
    public static void ConfigureStore(StoreOptions options) => options.Schema.For<StoredRollbackPolicy>();

    public static WebApplicationBuilder AddPoliciesAndGate(WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<ConfiguredRollbackPolicies>(ConfiguredRollbackPolicies.Section);
        builder.Services.AddSingleton<RollbackPolicies>();
        builder.Services.AddSingleton<IRollbackPolicies>(sp => sp.GetRequiredService<RollbackPolicies>());
        builder.AddGate();
        return builder;
    }

    public static WebApplication MapEndpoints(WebApplication app)
    {
        PolicyEndpoints.Map(app);
        return app;
    }
}
