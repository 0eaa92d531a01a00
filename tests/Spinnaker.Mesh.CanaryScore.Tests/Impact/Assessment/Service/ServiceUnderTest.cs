using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service;

/// <summary>
/// For the deployment-impact service specs: one real Prometheus (<c>prom</c>) holding every application's history,
/// a second one (<c>flaky</c>) that a spec stops, and one canary-score process polling every half second. Each spec
/// keeps to a tenant of its own.
/// </summary>
[SetUpFixture]
public sealed class ServiceUnderTest
{
    public const string Checkout = "checkout";     // the same latency and errors all along
    public const string Cart = "cart";             // latency jumps when the deploy starts
    public const string Payments = "payments";     // errors rise (success rate drops) when the deploy starts; Kubernetes
    public const string Search = "search";         // no series at all
    public const string Orders = "orders";         // clean, deployed twice in a row
    public const string Catalog = "catalog";       // clean, assessed across a restart

    internal static ImpactTimeline Timeline { get; private set; } = null!;
    internal static RealPrometheus Prometheus { get; private set; } = null!;
    internal static RealPrometheus Flaky { get; private set; } = null!;
    internal static ImpactService Impacts { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        RealPrometheus.RequireInstalled();
        Timeline = new ImpactTimeline(OpenMetricsHistory.WholeMinute(DateTimeOffset.UtcNow));
        var t = Timeline;
        var history = new OpenMetricsHistory()
            .Latency(Checkout, t, ImpactHistory.Fast, seed: 1)
            .Latency(Cart, t, at => at < t.DeployStart ? (0.05, 0.15) : (0.3, 0.5), seed: 2)
            .Latency(Orders, t, ImpactHistory.Fast, seed: 3)
            .Latency(Catalog, t, ImpactHistory.Fast, seed: 4)
            .Requests(Checkout, null, t, _ => 0.01, seed: 5)
            .Requests(Payments, ServiceUnderTest.PaymentsNamespace, t, at => at < t.DeployStart ? 0.01 : 0.25, seed: 6);
        Prometheus = await RealPrometheus.StartAsync(history);
        Flaky = await RealPrometheus.StartAsync();
        Impacts = await ImpactService.StartAsync([("prom", Prometheus.BaseUrl), ("flaky", Flaky.BaseUrl)], TimeSpan.FromMilliseconds(500));
    }

    public const string PaymentsNamespace = ImpactService.ProductionNamespace;

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (Impacts is not null) await Impacts.DisposeAsync();
        if (Flaky is not null) await Flaky.DisposeAsync();
        if (Prometheus is not null) await Prometheus.DisposeAsync();
    }

    public static string LatencyQuery => "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{app=\"${application}\"}[1m])) by (le))";

    public static string SuccessRateQuery(bool byNamespace) => byNamespace
        ? "sum(rate(http_requests_total{app=\"${application}\",namespace=\"${namespace}\",code=\"200\"}[1m])) / sum(rate(http_requests_total{app=\"${application}\",namespace=\"${namespace}\"}[1m]))"
        : "sum(rate(http_requests_total{app=\"${application}\",code=\"200\"}[1m])) / sum(rate(http_requests_total{app=\"${application}\"}[1m]))";
}
