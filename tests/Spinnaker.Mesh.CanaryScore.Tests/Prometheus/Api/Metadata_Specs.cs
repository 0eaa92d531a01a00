using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus.Api;

/// <summary>What Kayenta's metric-name autocomplete and Grafana's query editor ask besides queries.</summary>
[TestFixture]
public sealed class The_metadata_API
{
    private const string Tenant = "metadata";
    private static SeriesServiceFixture Service => PrometheusServiceUnderTest.Service;

    [OneTimeSetUp]
    public async Task Arrange() => await Service.WriteAsync(Tenant,
    [
        new("mesh_canary_score", new Dictionary<string, string> { ["application"] = "checkout", ["config"] = "latency" },
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 90, "j1"),
        new("mesh_canary_score", new Dictionary<string, string> { ["application"] = "cart", ["config"] = "errors" },
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), 90, "j2"),
        new("mesh_deployments_total", new Dictionary<string, string> { ["application"] = "checkout", ["environment"] = "production" },
            DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), 1, "s1"),
    ]);

    [TestCase("api/prometheus/api/v1/labels", """["__name__","application","config","environment"]""")]
    [TestCase("api/prometheus/api/v1/labels?match[]=mesh_deployments_total", """["__name__","application","environment"]""")]
    [TestCase("api/prometheus/api/v1/label/__name__/values", """["mesh_canary_score","mesh_deployments_total"]""")]
    [TestCase("api/prometheus/api/v1/label/application/values", """["cart","checkout"]""")]
    [TestCase("api/prometheus/api/v1/label/application/values?match[]=mesh_canary_score%7Bconfig%3D~%22lat.*%22%7D", """["checkout"]""")]
    [TestCase("api/prometheus/api/v1/label/region/values", "[]")]
    [TestCase("api/prometheus/api/v1/series?match[]=mesh_deployments_total&match[]=mesh_canary_score%7Bapplication%3D%22cart%22%7D",
        """[{"__name__":"mesh_canary_score","application":"cart","config":"errors"},{"__name__":"mesh_deployments_total","application":"checkout","environment":"production"}]""")]
    [TestCase("api/prometheus/api/v1/series?match[]=mesh_deployments_total&start=1650000000&end=1750000000", "[]")]
    public async Task Lists_labels_values_and_series(string path, string data)
    {
        var (status, _, body) = await Service.CallAsync(path, Tenant);
        Assert.That((status, body), Is.EqualTo((200, $$"""{"status":"success","data":{{data}}}""")));
    }

    [Test]
    public async Task Answers_Grafanas_build_info_probe()
    {
        var (status, _, body) = await Service.CallAsync("api/prometheus/api/v1/status/buildinfo", Tenant);
        Assert.That(status, Is.EqualTo(200));
        Assert.That(body, Does.StartWith("""{"status":"success","data":{"version":"2.53.0","""));
    }

    [Test]
    public async Task Describes_the_series_Mesh_records()
    {
        var (_, _, body) = await Service.CallAsync("api/prometheus/api/v1/metadata", Tenant);
        Assert.That(body, Does.Contain("""
            "mesh_deployments_total":[{"type":"counter","help":"Succeeded deployments:
            """.Trim()));
        Assert.That(SeriesCatalog.All.All(s => body.Contains($"\"{s.Name}\":", StringComparison.Ordinal)), Is.True, body);
    }

    [Test]
    public async Task Answers_the_health_check_Kayenta_may_run()
    {
        var (status, _, body) = await Service.CallAsync("api/prometheus/-/healthy", null);
        Assert.That((status, body), Is.EqualTo((200, "Prometheus Server is Healthy.\n")));
    }
}
