using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus.Api;

/// <summary>Failures answer Prometheus' error JSON with its status codes, and say what is wrong.</summary>
[TestFixture]
public sealed class A_request_the_API_cannot_answer
{
    private const string Tenant = "errors";
    private static SeriesServiceFixture Service => PrometheusServiceUnderTest.Service;

    private static string Range(string query, string start = "1700000000", string end = "1700000600", string step = "60") =>
        $"api/prometheus/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={Uri.EscapeDataString(start)}&end={Uri.EscapeDataString(end)}&step={Uri.EscapeDataString(step)}";

    [TestCase("rate(mesh_canary_score[5m])", "invalid parameter \"query\": 1:1: parse error: function \"rate\" is not supported; supported: a metric selector")]
    [TestCase("mesh_canary_score[5m]", "invalid parameter \"query\": 1:18: parse error: range vector selectors and subqueries ([...]) are not supported")]
    [TestCase("a / b", "invalid parameter \"query\": 1:3: parse error: binary operator \"/\" between series is not supported")]
    [TestCase("", "invalid parameter \"query\": 1:1: parse error: no expression found in input")]
    public async Task Refuses_a_query_outside_the_subset_with_400_bad_data(string query, string message) =>
        await AssertErrorAsync(Range(query), 400, "bad_data", message);

    [TestCase("1700000600", "1700000000", "60", "invalid parameter \"end\": end timestamp must not be before start time")]
    [TestCase("1700000000", "1700000600", "0", "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [TestCase("1700000000", "1700000600", "fast", "invalid parameter \"step\": cannot parse \"fast\" to a valid duration")]
    [TestCase("yesterday", "1700000600", "60", "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp")]
    [TestCase("0", "11001", "1", "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    public async Task Refuses_a_bad_range_with_400_bad_data(string start, string end, string step, string message) =>
        await AssertErrorAsync(Range("mesh_canary_score", start, end, step), 400, "bad_data", message);

    [Test]
    public async Task Refuses_a_range_without_a_start() =>
        await AssertErrorAsync("api/prometheus/api/v1/query_range?query=m&end=1&step=1", 400, "bad_data",
            "invalid parameter \"start\": cannot parse \"\" to a valid timestamp");

    [Test]
    public async Task Refuses_a_selector_over_more_series_than_allowed_with_422_execution()
    {
        var many = Enumerable.Range(0, PrometheusServiceUnderTest.MaxSeries + 1).Select(i => new SeriesSample("mesh_canary_score",
            new Dictionary<string, string> { ["application"] = $"app-{i:D3}" }, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), i, $"j{i}"));
        await Service.WriteAsync(Tenant, many);
        await AssertErrorAsync(Range("mesh_canary_score"), 422, "execution",
            $"the selector matches {PrometheusServiceUnderTest.MaxSeries + 1} series, more than Mesh:CanaryScore:Prometheus:MaxSeries ({PrometheusServiceUnderTest.MaxSeries})");
    }

    [Test]
    public async Task Refuses_series_without_match_with_400_bad_data() =>
        await AssertErrorAsync("api/prometheus/api/v1/series", 400, "bad_data", "no match[] parameter provided");

    [Test]
    public async Task Refuses_an_invalid_label_name() =>
        await AssertErrorAsync("api/prometheus/api/v1/label/not%20a%20label/values", 400, "bad_data", "invalid label name: \"not a label\"");

    private static async Task AssertErrorAsync(string path, int status, string errorType, string message)
    {
        var (code, contentType, body) = await Service.CallAsync(path, Tenant);
        Assert.That((code, contentType), Is.EqualTo((status, "application/json")), body);
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "status", "errorType", "error" }));
        Assert.That(json.RootElement.GetProperty("status").GetString(), Is.EqualTo("error"));
        Assert.That(json.RootElement.GetProperty("errorType").GetString(), Is.EqualTo(errorType));
        Assert.That(json.RootElement.GetProperty("error").GetString(), Does.StartWith(message));
    }
}
