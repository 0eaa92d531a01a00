using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.CanaryScore.Impact.Sources;

/// <summary>
/// One named <see cref="HttpClient"/> per metric source (<c>metric-source:{name}</c>): its base URL and its
/// <c>Authorization</c> header from <see cref="MetricSourcesOptions"/>. Logged header values are redacted, so a
/// token or password never reaches the logs even at Trace level. Timeouts are applied per attempt by
/// <see cref="PrometheusSources"/>, not by the client.
/// </summary>
internal sealed class MetricSourceClients(IOptions<MetricSourcesOptions> options) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    private const string Prefix = "metric-source:";

    public static string NameOf(string source) => Prefix + source;

    public void Configure(string? name, HttpClientFactoryOptions client)
    {
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal)) return;
        if (options.Value.Find(name[Prefix.Length..]) is not { Settings: var source }) return;
        client.ShouldRedactHeaderValue = _ => true;
        client.HttpClientActions.Add(http =>
        {
            // A trailing slash, so relative paths (api/v1/query_range) keep a base path such as /api/prometheus.
            http.BaseAddress = new Uri(source.Url!.TrimEnd('/') + "/");
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (!string.IsNullOrEmpty(source.BearerToken))
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", source.BearerToken);
            else if (!string.IsNullOrEmpty(source.Username))
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{source.Username}:{source.Password}")));
        });
    }

    public void Configure(HttpClientFactoryOptions client) => Configure(Options.DefaultName, client);
}
