using Marten;
using Spinnaker.Mesh.CanaryScore.Impact.Sources;

namespace Spinnaker.Mesh.CanaryScore.Impact.Policies;

/// <summary>
/// Metric sources and impact policies: the policy documents, the sources' clients and settings, the configured
/// policies, <see cref="IMetricSources"/>, <see cref="IImpactPolicies"/> and <c>/api/impact-policies</c>.
/// </summary>
internal static class ImpactPoliciesModule
{
    public const string Path = "/api/impact-policies";

    public static void ConfigureImpactPolicyStore(this StoreOptions options) => options.Schema.For<StoredImpactPolicy>();

    public static WebApplicationBuilder AddImpactPolicies(this WebApplicationBuilder builder)
    {
        builder.AddMetricSources();
        builder.AddMeshOptions<ConfiguredImpactPolicies>(ConfiguredImpactPolicies.Section);
        builder.Services.AddSingleton<ImpactPolicies>();
        builder.Services.AddSingleton<IImpactPolicies>(sp => sp.GetRequiredService<ImpactPolicies>());
        builder.Services.AddSingleton<PolicyQueryCheck>();
        return builder;
    }

    public static WebApplication MapImpactPolicyEndpoints(this WebApplication app)
    {
        var policies = app.MapGroup(Path);
        policies.MapGet("", ImpactPolicyEndpoints.ListAsync);
        policies.MapGet("/{application}", ImpactPolicyEndpoints.GetAsync);
        policies.MapPut("/{application}", ImpactPolicyEndpoints.PutAsync);
        policies.MapDelete("/{application}", ImpactPolicyEndpoints.DeleteAsync);
        return app;
    }
}
