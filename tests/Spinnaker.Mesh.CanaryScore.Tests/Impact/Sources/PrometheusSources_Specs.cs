using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Sources;

/// <summary>A metric source over a real Prometheus reads what Prometheus holds and reports what Prometheus refuses in its own words.</summary>
[TestFixture]
public sealed class A_metric_source_over_a_real_Prometheus
{
    private readonly DateTimeOffset _end = OpenMetricsHistory.WholeMinute(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
    private DateTimeOffset Start => _end - TimeSpan.FromHours(2);
    private RealPrometheus _prometheus = null!;
    private MetricSourcesHost _host = null!;

    private static double Latency(DateTimeOffset at) => 0.2 + at.ToUnixTimeSeconds() / 60 % 11 / 1000.0;

    [OneTimeSetUp]
    public async Task Start_Prometheus()
    {
        var minutes = OpenMetricsHistory.Every(TimeSpan.FromMinutes(1), Start, _end).ToList();
        _prometheus = await RealPrometheus.StartAsync(new OpenMetricsHistory()
            .Gauge("checkout_latency_seconds", minutes.Select(at => (at, Latency(at))), ("app", "checkout"), ("namespace", "prod"))
            .Gauge("checkout_latency_seconds", minutes.Select(at => (at, Latency(at))), ("app", "checkout"), ("namespace", "staging")));
        _host = MetricSourcesHost.ForSource("prometheus", _prometheus.BaseUrl, ("RetryDelay", "00:00:00.1"));
    }

    [OneTimeTearDown]
    public async Task Stop_Prometheus()
    {
        if (_host is not null) await _host.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
    }

    [Test]
    public async Task Should_read_a_backfilled_series_exactly()
    {
        var series = await _host.MetricSources.QueryRangeAsync(null, "checkout_latency_seconds{namespace=\"prod\"}", Start, _end, TimeSpan.FromMinutes(1), CancellationToken.None);

        var minutes = OpenMetricsHistory.Every(TimeSpan.FromMinutes(1), Start, _end).ToList();
        Assert.That(series, Has.Count.EqualTo(1));
        Assert.That(series[0].Labels, Is.EquivalentTo(new Dictionary<string, string> { ["app"] = "checkout", ["namespace"] = "prod" }));
        Assert.That(series[0].Timestamps, Is.EqualTo(minutes.Select(m => m.ToUnixTimeMilliseconds())));
        Assert.That(series[0].Values, Is.EqualTo(minutes.Select(Latency)));
        Assert.That(series[0].StepSeconds, Is.EqualTo(60));
    }

    [Test]
    public async Task Should_read_at_the_step_asked_for()
    {
        var series = await _host.MetricSources.QueryRangeAsync("prometheus", "checkout_latency_seconds{namespace=\"prod\"}",
            _end - TimeSpan.FromMinutes(10), _end, TimeSpan.FromSeconds(30), CancellationToken.None);

        // Every 30 s between samples written a minute apart: Prometheus repeats the last sample (its lookback).
        Assert.That(series.Single().Timestamps, Has.Count.EqualTo(21));
        Assert.That(series.Single().Values[1], Is.EqualTo(Latency(_end - TimeSpan.FromMinutes(10))));
    }

    [Test]
    public void Should_refuse_a_query_Prometheus_cannot_parse_with_Prometheus_own_error()
    {
        const string query = "rate(checkout_latency_seconds[5m)";
        var failure = Assert.ThrowsAsync<MetricSourceException>(() =>
            _host.MetricSources.QueryRangeAsync(null, query, Start, _end, TimeSpan.FromMinutes(1), CancellationToken.None));

        var own = PrometheusError($"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={RealPrometheus.Seconds(Start)}&end={RealPrometheus.Seconds(_end)}&step=60");
        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Refused));
        Assert.That(failure.ErrorType, Is.EqualTo("bad_data"));
        Assert.That(failure.Message, Is.EqualTo(own).And.Contain("parse error"));
        Assert.That(failure.SourceName, Is.EqualTo("prometheus"));
    }

    [Test]
    public void Should_refuse_a_query_Prometheus_cannot_execute_with_its_execution_error()
    {
        // Two series on each side with no label to tell them apart: Prometheus refuses the matching (422 execution).
        const string query = "checkout_latency_seconds + on(app) checkout_latency_seconds";
        var failure = Assert.ThrowsAsync<MetricSourceException>(() =>
            _host.MetricSources.QueryRangeAsync(null, query, _end - TimeSpan.FromMinutes(5), _end, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Refused));
        Assert.That(failure.ErrorType, Is.EqualTo("execution"));
        Assert.That(failure.Message, Does.Contain("many-to-many matching not allowed"));
    }

    [Test]
    public async Task Should_accept_a_valid_query_when_asked_to_check_it()
    {
        var error = await _host.Sources.ValidateQueryAsync(null, "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{app=\"checkout\"}[1m])) by (le))", CancellationToken.None);

        Assert.That(error, Is.Null);
    }

    [Test]
    public async Task Should_answer_Prometheus_parse_error_when_asked_to_check_a_bad_query()
    {
        const string query = "sum(rate(http_requests_total{app=\"checkout\"}[1m]) by (code)";
        var error = await _host.Sources.ValidateQueryAsync("prometheus", query, CancellationToken.None);

        Assert.That(error, Is.EqualTo(PrometheusError($"api/v1/query?query={Uri.EscapeDataString(query)}")));
    }

    [Test]
    public void Should_say_so_when_a_source_is_not_configured()
    {
        var failure = Assert.ThrowsAsync<MetricSourceException>(() =>
            _host.MetricSources.QueryRangeAsync("thanos", "up", Start, _end, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable));
        Assert.That(failure.Message, Does.Contain("'thanos'").And.Contain("Mesh:Impact:Sources:thanos:Url"));
    }

    /// <summary>Prometheus' own error text for a request, asked directly.</summary>
    private string PrometheusError(string pathAndQuery)
    {
        var exception = Assert.ThrowsAsync<HttpRequestException>(() => _prometheus.GetAsync(pathAndQuery))!;
        var body = exception.Message[(exception.Message.IndexOf('{'))..];
        return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
    }
}

/// <summary>A metric source whose Prometheus is down: tried again as configured, then unavailable; back in time, it answers.</summary>
[TestFixture]
public sealed class A_metric_source_whose_real_Prometheus_is_down
{
    private readonly DateTimeOffset _at = OpenMetricsHistory.WholeMinute(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(30));
    private RealPrometheus _prometheus = null!;

    [SetUp]
    public async Task Start_and_stop_Prometheus()
    {
        _prometheus = await RealPrometheus.StartAsync(new OpenMetricsHistory().Gauge("checkout_up", [(_at, 1)], ("app", "checkout")));
        await _prometheus.StopAsync();
    }

    [TearDown]
    public async Task Dispose_Prometheus()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
    }

    [Test]
    public async Task Should_try_again_then_report_it_unavailable()
    {
        await using var host = MetricSourcesHost.ForSource("prometheus", _prometheus.BaseUrl, ("Retries", "2"), ("RetryDelay", "00:00:00.05"));

        var failure = Assert.ThrowsAsync<MetricSourceException>(() =>
            host.MetricSources.QueryRangeAsync(null, "checkout_up", _at, _at, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.That(failure!.Failure, Is.EqualTo(MetricSourceFailure.Unavailable));
        Assert.That(failure.Message, Does.Contain("could not be reached").And.Contain("3 attempts"));
        Assert.That(host.Logs.Lines.Count(l => l.Contains("Metric source prometheus, attempt", StringComparison.Ordinal)), Is.EqualTo(3), host.Logs.Text);
    }

    [Test]
    public async Task Should_answer_once_Prometheus_is_back_within_the_retries()
    {
        await using var host = MetricSourcesHost.ForSource("prometheus", _prometheus.BaseUrl, ("Retries", "10"), ("RetryDelay", "00:00:02"));

        var query = host.MetricSources.QueryRangeAsync(null, "checkout_up", _at, _at, TimeSpan.FromMinutes(1), CancellationToken.None);
        await Eventually.GetAsync(() => Task.FromResult(host.Logs.Text), logs => logs.Contains("attempt 1 of 11", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the first attempt to fail");
        await _prometheus.StartAgainAsync();

        var series = await query.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(series.Single().Values, Is.EqualTo(new[] { 1.0 }));
    }
}
