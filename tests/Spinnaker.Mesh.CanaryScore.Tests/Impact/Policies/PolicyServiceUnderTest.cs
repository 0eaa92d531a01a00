using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>
/// One canary-score process for the policy specs, its default source a real Prometheus scraping the test's exporter
/// (current samples, so that instant queries have data), a second source where nothing listens, and a configured
/// policy for <see cref="ConfiguredApplication"/>. Each fixture keeps to a tenant of its own.
/// </summary>
[SetUpFixture]
public sealed class PolicyServiceUnderTest
{
    public const string ConfiguredApplication = "storefront";
    public const string UnreachableSource = "unreachable";
    /// <summary>Sent to Prometheus (which ignores it) with every check: the service's logs must never show it.</summary>
    public const string BearerToken = "policy-check-t0ken-never-logged";
    public const string ConfiguredQuery = "sum(rate(http_requests_total{app=\"${application}\",code=~\"5..\"}[1m]))";

    private static TestExporter? _exporter;
    private static RealPrometheus? _prometheus;

    internal static ImpactServiceFixture Service { get; private set; } = null!;
    internal static RealPrometheus Prometheus => _prometheus!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _exporter = TestExporter.Start()
            .Set("checkout_latency_seconds", 0.2, ("app", "checkout"), ("namespace", "prod"))
            .Set("checkout_latency_seconds", 0.3, ("app", "checkout"), ("namespace", "staging"));
        _prometheus = await RealPrometheus.StartAsync(exporter: _exporter, scrapeInterval: TimeSpan.FromSeconds(1));
        await _prometheus.WaitForSeriesAsync("checkout_latency_seconds");
        Service = await ImpactServiceFixture.StartAsync(_prometheus, new Dictionary<string, string>
        {
            [$"Mesh:Impact:Sources:{ImpactServiceFixture.SourceName}:BearerToken"] = BearerToken,
            [$"Mesh:Impact:Sources:{UnreachableSource}:Url"] = $"http://127.0.0.1:{FreePort.Next()}",
            [$"Mesh:Impact:Sources:{UnreachableSource}:Retries"] = "1",
            [$"Mesh:Impact:Sources:{UnreachableSource}:RetryDelay"] = "00:00:00.1",
            [$"Mesh:Impact:Policies:{ConfiguredApplication}:ProductionAccounts:0"] = "prod-us",
            [$"Mesh:Impact:Policies:{ConfiguredApplication}:Window"] = "00:20:00",
            [$"Mesh:Impact:Policies:{ConfiguredApplication}:Slis:0:Name"] = "5xx rate",
            [$"Mesh:Impact:Policies:{ConfiguredApplication}:Slis:0:Query"] = ConfiguredQuery,
            [$"Mesh:Impact:Policies:{ConfiguredApplication}:Slis:0:BadDirection"] = "increase",
            [$"Mesh:Impact:Policies:{ConfiguredApplication}:Slis:0:Critical"] = "true",
        });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Service is not null) await Service.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
    }
}
