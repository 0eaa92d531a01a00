using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// A canary analysis reaches Mesh twice, as it does in production: Echo posts the <c>kayentaCanary</c> stage's end
/// (two intervals, scores as Orca read them), and Kayenta posts the second interval's status itself. Both come in at
/// the gateway; the history, the trends, the score series and the remote judge answer through the gateway.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_Echo_and_Kayenta_both_report_a_canary
{
    private MeshUnderTest _mesh = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _mesh = await MeshUnderTest.StartAsync();
        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(CanaryPayloads.CanaryCompleted()));
        var status = KayentaStatuses.Succeeded(CanaryPayloads.Run2KayentaId, 93.1, parentExecutionId: CanaryPayloads.ExecutionId,
            experimentScope: "checkout-api-canary", location: "checkout", endTime: DateTimeOffset.Parse("2024-05-14T22:31:18Z", CultureInfo.InvariantCulture),
            metrics: [new KayentaStatuses.Metric("p99-latency", "Pass"), new KayentaStatuses.Metric("error-rate", "High", "error-rate was classified as High")],
            groupScores: new Dictionary<string, double> { ["latency"] = 100, ["errors"] = 86.2 });
        using var response = await _mesh.PostJsonAsync("webhooks/kayenta", status.ToJsonString());
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _mesh.DisposeAsync();

    [Test]
    public async Task Should_list_each_interval_once_with_Kayentas_score_where_Kayenta_reported_it()
    {
        var history = await Eventually.GetAsync(() => _mesh.GetJsonAsync("api/canary/scores?application=checkout"),
            h => h.GetProperty("judgments").GetArrayLength() == 2
                 && h.GetProperty("judgments")[0].GetProperty("sources").GetArrayLength() == 2,
            TimeSpan.FromSeconds(30), $"both intervals, the second from both sources\n{_mesh.Logs}");

        var judgments = history.GetProperty("judgments").EnumerateArray().ToList();
        // Newest first: interval 2 (Orca 93, Kayenta 93.1) then interval 1 (Orca's integer reading of 88.4).
        Assert.That(judgments[0].GetProperty("judgmentId").GetString(), Is.EqualTo(CanaryPayloads.Run2KayentaId));
        Assert.That(judgments[0].GetProperty("score").GetDouble(), Is.EqualTo(93.1));
        Assert.That(judgments[0].GetProperty("scoreSource").GetString(), Is.EqualTo("kayenta"));
        Assert.That(judgments[0].GetProperty("classification").GetString(), Is.EqualTo("Pass"));
        Assert.That(judgments[0].GetProperty("pipelineExecutionId").GetString(), Is.EqualTo(CanaryPayloads.ExecutionId));
        Assert.That(judgments[0].GetProperty("failingMetrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()),
            Is.EqualTo(new[] { "error-rate" }));

        Assert.That(judgments[1].GetProperty("judgmentId").GetString(), Is.EqualTo(CanaryPayloads.Run1KayentaId));
        Assert.That(judgments[1].GetProperty("score").GetDouble(), Is.EqualTo(88));
        Assert.That(judgments[1].GetProperty("classification").GetString(), Is.EqualTo("Marginal"));
        Assert.That(judgments[1].GetProperty("service").GetString(), Is.EqualTo("checkout-api"));
    }

    [Test]
    public async Task Should_count_the_service_runs_in_its_trend()
    {
        var trends = await Eventually.GetAsync(() => _mesh.GetJsonAsync("api/canary/trends?application=checkout"),
            t => t.GetProperty("trends").GetArrayLength() == 1
                 && t.GetProperty("trends")[0].GetProperty("latestScore").GetDouble() == 93.1,
            TimeSpan.FromSeconds(30), $"the checkout-api trend\n{_mesh.Logs}");

        var trend = trends.GetProperty("trends")[0];
        Assert.That(trend.GetProperty("service").GetString(), Is.EqualTo("checkout-api"));
        Assert.That(trend.GetProperty("counts").GetProperty("pass").GetInt32(), Is.EqualTo(1));
        Assert.That(trend.GetProperty("counts").GetProperty("marginal").GetInt32(), Is.EqualTo(1));
        Assert.That(trend.GetProperty("trendingTowardFailure").GetProperty("flag").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Should_answer_a_Kayenta_style_range_query_for_the_canary_score_series()
    {
        // Kayenta's shape: avg(metric{filters}) by (labels), RFC 3339 start/end, step in seconds.
        const string query = "avg(mesh_canary_score{application=\"checkout\",service=~\"checkout-.*\"}) by (service)";
        var path = "api/prometheus/api/v1/query_range?query=" + Uri.EscapeDataString(query)
            + "&start=2024-05-14T22:00:00Z&end=2024-05-14T23:00:00Z&step=60";

        var answer = await Eventually.GetAsync(() => _mesh.GetJsonAsync(path),
            a => a.GetProperty("data").GetProperty("result").GetArrayLength() == 1
                 && a.GetProperty("data").GetProperty("result")[0].GetProperty("values").EnumerateArray().Any(v => v[1].GetString() == "93.1"),
            TimeSpan.FromSeconds(30), $"the score series\n{_mesh.Logs}");

        Assert.That(answer.GetProperty("status").GetString(), Is.EqualTo("success"));
        Assert.That(answer.GetProperty("data").GetProperty("resultType").GetString(), Is.EqualTo("matrix"));
        var series = answer.GetProperty("data").GetProperty("result")[0];
        Assert.That(series.GetProperty("metric").GetProperty("service").GetString(), Is.EqualTo("checkout-api"));
        var values = series.GetProperty("values").EnumerateArray().Select(v => (Time: v[0].GetDouble(), Value: v[1].GetString())).ToList();
        // Interval 1 was judged at 22:15:40.4 (88), interval 2 at 22:31:18 (93.1): with the 5-minute lookback, the
        // 22:16 step reads 88 and the 22:32 step reads 93.1.
        Assert.That(values, Does.Contain((Time: (double)DateTimeOffset.Parse("2024-05-14T22:16:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds(), Value: "88")));
        Assert.That(values, Does.Contain((Time: (double)DateTimeOffset.Parse("2024-05-14T22:32:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds(), Value: "93.1")));
    }

    [Test]
    public async Task Should_judge_for_Kayenta_through_the_gateway()
    {
        var request = new JsonObject
        {
            ["canaryConfig"] = new JsonObject
            {
                ["name"] = "checkout-latency",
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["name"] = "p99-latency",
                    ["groups"] = new JsonArray("latency"),
                    ["analysisConfigurations"] = new JsonObject { ["canary"] = new JsonObject { ["direction"] = "increase" } },
                }),
                ["classifier"] = new JsonObject { ["groupWeights"] = new JsonObject { ["latency"] = 100 } },
            },
            ["scoreThresholds"] = new JsonObject { ["pass"] = 90, ["marginal"] = 75 },
            ["metricSetPairList"] = new JsonArray(new JsonObject
            {
                ["name"] = "p99-latency",
                ["id"] = "p99",
                ["tags"] = new JsonObject(),
                ["values"] = new JsonObject
                {
                    ["control"] = new JsonArray(0.20, 0.21, 0.19, 0.22, 0.20, "NaN"),
                    ["experiment"] = new JsonArray(0.20, 0.22, 0.19, 0.21, 0.21, 0.20),
                },
            }),
        };

        using var response = await _mesh.PostJsonAsync("api/canary/judge", request.ToJsonString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        var result = JsonDocument.Parse(text).RootElement;
        // One metric that passes: its group scores 100, so the canary does.
        Assert.That(result.GetProperty("score").GetProperty("score").GetDouble(), Is.EqualTo(100.0));
        Assert.That(result.GetProperty("results")[0].GetProperty("classification").GetString(), Is.EqualTo("Pass"));
    }
}
