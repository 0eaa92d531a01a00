using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

/// <summary>
/// The harness itself: a real Prometheus answers what the test backfilled, at the timestamps written, and what it
/// scraped from the test's exporter; it goes down and comes back with its storage.
/// </summary>
[TestFixture]
public sealed class A_real_Prometheus_with_backfilled_history
{
    private static readonly double[] Bounds = [0.1, 0.25, 0.5, 1];

    // Three hours of history, ending ten minutes ago: the before window of a deploy that just happened.
    private readonly DateTimeOffset _end = OpenMetricsHistory.WholeMinute(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
    private DateTimeOffset Start => _end - TimeSpan.FromHours(3);
    private RealPrometheus _prometheus = null!;

    private static double Latency(DateTimeOffset at) => 0.1 + at.ToUnixTimeSeconds() / 60 % 7 / 100.0;

    [OneTimeSetUp]
    public async Task Start_Prometheus()
    {
        var minutes = OpenMetricsHistory.Every(TimeSpan.FromMinutes(1), Start, _end).ToList();
        var history = new OpenMetricsHistory()
            .Gauge("checkout_latency_seconds", minutes.Select(at => (at, Latency(at))), ("app", "checkout"), ("namespace", "prod"))
            .Gauge("checkout_latency_seconds", minutes.Select(at => (at, 2 * Latency(at))), ("app", "cart"), ("namespace", "prod"))
            .Counter("http_requests_total", minutes.Select(at => (at, 60.0)), ("app", "checkout"))
            .Histogram("http_request_duration_seconds", Bounds,
                minutes.Select(at => (at, (IReadOnlyList<double>)[.. Enumerable.Repeat(0.05, 50), .. Enumerable.Repeat(0.2, 50)])), ("app", "checkout"));
        _prometheus = await RealPrometheus.StartAsync(history);
    }

    [OneTimeTearDown]
    public async Task Stop_Prometheus()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
    }

    [Test]
    public async Task Should_answer_query_range_with_each_sample_at_the_timestamp_written()
    {
        var series = await _prometheus.QueryRangeAsync("checkout_latency_seconds{app=\"checkout\"}", Start, _end, TimeSpan.FromMinutes(1));

        Assert.That(series, Has.Count.EqualTo(1), _prometheus.Output);
        Assert.That(series[0].MetricName, Is.EqualTo("checkout_latency_seconds"));
        Assert.That(series[0].Labels, Is.EquivalentTo(new Dictionary<string, string> { ["app"] = "checkout", ["namespace"] = "prod" }));
        var minutes = OpenMetricsHistory.Every(TimeSpan.FromMinutes(1), Start, _end).ToList();
        Assert.That(series[0].Timestamps, Is.EqualTo(minutes.Select(m => m.ToUnixTimeMilliseconds())));
        Assert.That(series[0].Values, Is.EqualTo(minutes.Select(Latency)));
    }

    [Test]
    public async Task Should_keep_each_series_of_a_family_apart()
    {
        var series = await _prometheus.QueryRangeAsync("checkout_latency_seconds", _end - TimeSpan.FromMinutes(2), _end, TimeSpan.FromMinutes(1));

        Assert.That(series.Select(s => s.Labels["app"]), Is.EquivalentTo(new[] { "checkout", "cart" }));
        var cart = series.Single(s => s.Labels["app"] == "cart");
        Assert.That(cart.Values, Is.EqualTo(new[] { 2 * Latency(_end - TimeSpan.FromMinutes(2)), 2 * Latency(_end - TimeSpan.FromMinutes(1)), 2 * Latency(_end) }));
    }

    [Test]
    public async Task Should_rate_a_backfilled_counter()
    {
        var series = await _prometheus.QueryRangeAsync("rate(http_requests_total{app=\"checkout\"}[5m])", _end - TimeSpan.FromMinutes(30), _end, TimeSpan.FromMinutes(1));

        Assert.That(series, Has.Count.EqualTo(1), _prometheus.Output);
        Assert.That(series[0].Values, Has.Count.EqualTo(31));
        Assert.That(series[0].Values, Has.All.EqualTo(1.0).Within(1e-9), "60 requests a minute");
    }

    [Test]
    public async Task Should_answer_a_quantile_of_a_backfilled_histogram()
    {
        var series = await _prometheus.QueryRangeAsync(
            "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{app=\"checkout\"}[5m])) by (le))",
            _end - TimeSpan.FromMinutes(30), _end, TimeSpan.FromMinutes(1));

        // Half the requests take 0.05 s, half 0.2 s: the 99th percentile lies in (0.1, 0.25], interpolated linearly.
        Assert.That(series, Has.Count.EqualTo(1), _prometheus.Output);
        Assert.That(series[0].Values, Has.All.EqualTo(0.1 + 0.15 * 49 / 50).Within(1e-9));
    }

    [Test]
    public async Task Should_answer_nothing_outside_the_history()
    {
        var series = await _prometheus.QueryRangeAsync("checkout_latency_seconds", Start - TimeSpan.FromHours(2), Start - TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1));

        Assert.That(series, Is.Empty);
    }
}

/// <summary>A real Prometheus scraping the test's exporter sees the values the test sets.</summary>
[TestFixture]
public sealed class A_real_Prometheus_scraping_the_test_exporter
{
    private TestExporter _exporter = null!;
    private RealPrometheus _prometheus = null!;

    [OneTimeSetUp]
    public async Task Start_Prometheus()
    {
        _exporter = TestExporter.Start();
        _exporter.Set("checkout_latency_seconds", 0.12, ("app", "checkout"));
        _prometheus = await RealPrometheus.StartAsync(exporter: _exporter, scrapeInterval: TimeSpan.FromMilliseconds(500));
    }

    [OneTimeTearDown]
    public async Task Stop_Prometheus()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
    }

    [Test]
    public async Task Should_see_a_gauge_change_once_it_is_scraped_again()
    {
        var first = await _prometheus.WaitForSeriesAsync("checkout_latency_seconds{app=\"checkout\"}");
        Assert.That(first[0].GetProperty("value")[1].GetString(), Is.EqualTo("0.12"));
        Assert.That(first[0].GetProperty("metric").GetProperty("job").GetString(), Is.EqualTo("exporter"));

        _exporter.Set("checkout_latency_seconds", 0.5, ("app", "checkout"));

        await _prometheus.WaitForSeriesAsync("checkout_latency_seconds{app=\"checkout\"} == 0.5");
        Assert.That(_exporter.Scrapes, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Should_see_histogram_observations_as_buckets()
    {
        _exporter.Observe("http_request_duration_seconds", [0.1, 0.5], [0.05, 0.3, 0.3, 2], ("app", "checkout"));

        var buckets = await _prometheus.WaitForSeriesAsync("http_request_duration_seconds_bucket{app=\"checkout\"}");
        var byBound = buckets.EnumerateArray().ToDictionary(
            b => b.GetProperty("metric").GetProperty("le").GetString()!, b => b.GetProperty("value")[1].GetString());
        Assert.That(byBound, Is.EquivalentTo(new Dictionary<string, string?> { ["0.1"] = "1", ["0.5"] = "3", ["+Inf"] = "4" }));
    }
}

/// <summary>A real Prometheus stopped by the test is down, and comes back with what it stored.</summary>
[TestFixture]
public sealed class A_real_Prometheus_stopped_and_started_again
{
    [Test]
    public async Task Should_refuse_connections_while_down_and_answer_its_history_when_back()
    {
        var at = OpenMetricsHistory.WholeMinute(DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await using var prometheus = await RealPrometheus.StartAsync(new OpenMetricsHistory().Gauge("checkout_up", [(at, 1)]));

        await prometheus.StopAsync();
        Assert.That(prometheus.IsRunning, Is.False);
        Assert.ThrowsAsync<HttpRequestException>(() => prometheus.GetAsync("-/ready"));

        await prometheus.StartAgainAsync();
        var series = await prometheus.QueryRangeAsync("checkout_up", at, at, TimeSpan.FromMinutes(1));
        Assert.That(series.Single().Values, Is.EqualTo(new[] { 1.0 }));
    }

    [Test]
    public async Task Should_delete_its_storage_when_disposed()
    {
        var prometheus = await RealPrometheus.StartAsync();
        var storage = prometheus.StorageDirectory;
        Assert.That(Directory.Exists(storage), Is.True);

        await prometheus.DisposeAsync();

        Assert.That(Directory.Exists(storage), Is.False);
        Assert.That(prometheus.IsRunning, Is.False);
    }
}
