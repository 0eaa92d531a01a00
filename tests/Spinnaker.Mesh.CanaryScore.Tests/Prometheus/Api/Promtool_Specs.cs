using System.Diagnostics;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus.Api;

/// <summary>
/// A real Prometheus client (Debian's <c>promtool</c>, Prometheus' own Go API client) against the running service.
/// promtool sends no tenant header: the service then serves the default tenant, as <c>http.GetMeshTenant()</c> does
/// (behind the gateway the header is always set from the caller's token).
/// </summary>
[TestFixture]
public sealed class Promtool
{
    private const string Promtool_ = "/usr/bin/promtool";
    private static SeriesServiceFixture Service => PrometheusServiceUnderTest.Service;
    private static string BaseUrl => $"http://127.0.0.1:{Service.Port}/api/prometheus";

    [OneTimeSetUp]
    public async Task Arrange()
    {
        if (!File.Exists(Promtool_)) Assert.Fail($"{Promtool_} is absent: ./mesh test installs it (Debian package prometheus).");
        SeriesSample Score(string tenant, long at, double value) => new("mesh_canary_score",
            new Dictionary<string, string> { ["application"] = "checkout", ["service"] = "api", ["owner"] = tenant }, DateTimeOffset.FromUnixTimeSeconds(at), value, $"{tenant}:{at}");
        await Service.WriteAsync("default", [Score("default", 1_700_000_000, 91.5), Score("default", 1_700_000_060, 88.25)]);
        await Service.WriteAsync("promtool-tenant", [Score("promtool-tenant", 1_700_000_000, 42)]);
    }

    [Test]
    public async Task Reads_a_range_query()
    {
        var output = await RunAsync("query", "range", "--start=1700000000", "--end=1700000120", "--step=1m", BaseUrl, "mesh_canary_score{application=\"checkout\"}");
        Assert.That(output, Is.EqualTo("""
            mesh_canary_score{application="checkout", owner="default", service="api"} =>
            91.5 @[1700000000]
            88.25 @[1700000060]
            88.25 @[1700000120]

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public async Task Reads_an_instant_query()
    {
        var output = await RunAsync("query", "instant", "--time=1700000030", BaseUrl, "avg(mesh_canary_score) by (service)");
        Assert.That(output, Is.EqualTo("{service=\"api\"} => 91.5 @[1700000030]\n"));
    }

    [Test]
    public async Task Reads_label_values()
    {
        var output = await RunAsync("query", "labels", BaseUrl, "__name__");
        Assert.That(output, Is.EqualTo("mesh_canary_score\n"));
    }

    [Test]
    public async Task Reads_another_tenant_with_the_header_the_gateway_would_set()
    {
        // promtool 2.42 has --header on range queries only.
        var output = await RunAsync("query", "range", "--header=X-Mesh-Tenant=promtool-tenant", "--start=1700000030", "--end=1700000090", "--step=1m",
            BaseUrl, "mesh_canary_score");
        Assert.That(output, Is.EqualTo("mesh_canary_score{application=\"checkout\", owner=\"promtool-tenant\", service=\"api\"} =>\n42 @[1700000030]\n42 @[1700000090]\n"));
    }

    [Test]
    public async Task Shows_the_reason_of_a_refused_query()
    {
        var (exitCode, output) = await RunRawAsync("query", "instant", "--time=1700000030", BaseUrl, "rate(mesh_canary_score[5m])");
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(output, Does.Contain("bad_data").And.Contain("function \"rate\" is not supported"));
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var (exitCode, output) = await RunRawAsync(args);
        Assert.That(exitCode, Is.Zero, $"promtool {string.Join(' ', args)}:\n{output}");
        return output;
    }

    private static async Task<(int ExitCode, string Output)> RunRawAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Promtool_, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', args)} did not finish within 60 s");
        }
        var output = await stdout;
        var errors = await stderr;
        return (process.ExitCode, process.ExitCode == 0 ? output : output + errors);
    }
}
