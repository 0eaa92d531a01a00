using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.CanaryScore.Impact.Sources;

/// <summary>The metric sources' settings (checked at start), their HTTP clients and <see cref="IMetricSources"/>.</summary>
internal static class MetricSourcesSetup
{
    public static WebApplicationBuilder AddMetricSources(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<MetricSourcesOptions>(MetricSourcesOptions.Section);
        builder.Services.AddHttpClient();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>, MetricSourceClients>();
        builder.Services.AddSingleton<PrometheusSources>();
        builder.Services.AddSingleton<IMetricSources>(sp => sp.GetRequiredService<PrometheusSources>());
        return builder;
    }
}
