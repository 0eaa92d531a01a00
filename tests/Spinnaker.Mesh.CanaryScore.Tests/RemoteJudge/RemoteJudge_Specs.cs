using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.RemoteJudge;

/// <summary>
/// Kayenta's remote judge hook against the running service: Kayenta POSTs <c>{canaryConfig, scoreThresholds,
/// metricSetPairList}</c> to <c>{baseUrl}/judge</c> and reads a <c>CanaryJudgeResult</c> back.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_Kayenta_asks_Mesh_to_judge_a_canary
{
    private CanaryServiceFixture _service = null!;

    [OneTimeSetUp]
    public async Task Start() => _service = await CanaryServiceFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_service is not null) await _service.DisposeAsync();
    }

    [Test]
    public async Task Should_answer_a_Kayenta_shaped_result_with_the_weighted_score_and_each_metric_explained()
    {
        var (status, result) = await JudgeAsync(Request());
        Assert.That(status, Is.EqualTo(200), result.ToJsonString());

        Assert.That(result["judgeName"]!.GetValue<string>(), Is.EqualTo("NetflixACAJudge-v1.0"));
        // latency High → group "latency" 0; errors identical → Pass → group "errors" 100; muted metrics are not scored.
        // 0 · 50/100 + 100 · 50/100 = 50, which equals the marginal threshold: Marginal (≥ marginal, < pass).
        Assert.That(result["score"]!["score"]!.GetValue<double>(), Is.EqualTo(50.0));
        Assert.That(result["score"]!["classification"]!.GetValue<string>(), Is.EqualTo("Marginal"));
        var groups = result["groupScores"]!.AsArray().ToDictionary(g => g!["name"]!.GetValue<string>(), g => g!["score"]!.GetValue<double>());
        Assert.That(groups, Is.EquivalentTo(new Dictionary<string, double> { ["latency"] = 0.0, ["errors"] = 100.0 }));

        var metrics = result["results"]!.AsArray().ToDictionary(m => m!["name"]!.GetValue<string>(), m => m!.AsObject());
        Assert.That(metrics.Keys, Is.EquivalentTo(new[] { "latency", "errors", "cpu", "queue" }));

        var latency = metrics["latency"];
        Assert.That(latency["classification"]!.GetValue<string>(), Is.EqualTo("High"));
        Assert.That(latency["id"]!.GetValue<string>(), Is.EqualTo("pair-latency"));
        Assert.That(latency["groups"]!.AsArray().Select(g => g!.GetValue<string>()), Is.EqualTo(new[] { "latency" }));
        // Means 159.5 (150..169) over 109.5 (100..119).
        Assert.That(latency["resultMetadata"]!["ratio"]!.GetValue<double>(), Is.EqualTo(159.5 / 109.5).Within(1e-12));
        Assert.That(latency["experimentMetadata"]!["stats"]!["count"]!.GetValue<int>(), Is.EqualTo(20));
        Assert.That(latency["controlMetadata"]!["stats"]!["mean"]!.GetValue<double>(), Is.EqualTo(109.5).Within(1e-12));
        var explanation = latency["resultMetadata"]!["explanation"]!.AsObject();
        Assert.That(explanation.ToJsonString(), Does.Contain("pValue").And.Contain("summary"));

        var errors = metrics["errors"];
        Assert.That(errors["classification"]!.GetValue<string>(), Is.EqualTo("Pass"));
        Assert.That(errors["critical"]!.GetValue<bool>(), Is.False);

        // All-NaN experiment: Nodata, and the likely cause instead of a bare NaN.
        var cpu = metrics["cpu"];
        Assert.That(cpu["classification"]!.GetValue<string>(), Is.EqualTo("Nodata"));
        Assert.That(cpu["muted"]!.GetValue<bool>(), Is.True);
        Assert.That(cpu["resultMetadata"]!["explanation"]!["likelyCause"]!.GetValue<string>(), Does.Contain("experiment"));

        // A zero control mean makes the mean ratio NaN, written as Kayenta writes it: the string "NaN".
        Assert.That(metrics["queue"]["resultMetadata"]!["ratio"]!.GetValue<string>(), Is.EqualTo("NaN"));
    }

    [Test]
    public async Task Should_give_Kayentas_numbers_for_the_shared_judge_pipeline_case()
    {
        using var cases = JsonDocument.Parse(KayentaFixtures.Read("judge-cases.json"));
        var pipeline = cases.RootElement.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "judge_pipeline");
        var inputs = pipeline.GetProperty("inputs");
        var request = new JsonObject
        {
            ["canaryConfig"] = JsonNode.Parse(inputs.GetProperty("canaryConfig").GetRawText()),
            ["scoreThresholds"] = JsonNode.Parse(pipeline.GetProperty("parameters").GetProperty("scoreThresholds").GetRawText()),
            ["metricSetPairList"] = JsonNode.Parse(inputs.GetProperty("metricSetPairs").GetRawText()),
        };

        var (status, result) = await JudgeAsync(request);
        Assert.That(status, Is.EqualTo(200), result.ToJsonString());

        var expected = pipeline.GetProperty("expected");
        Assert.That(result["score"]!["score"]!.GetValue<double>(), Is.EqualTo(expected.GetProperty("score").GetDouble()));
        Assert.That(result["score"]!["classification"]!.GetValue<string>(), Is.EqualTo(expected.GetProperty("classification").GetString()));
        var metrics = result["results"]!.AsArray().ToDictionary(m => m!["name"]!.GetValue<string>(), m => m!);
        foreach (var metric in expected.GetProperty("metrics").EnumerateObject())
        {
            Assert.That(metrics[metric.Name]!["classification"]!.GetValue<string>(), Is.EqualTo(metric.Value.GetProperty("classification").GetString()), metric.Name);
            if (metric.Value.TryGetProperty("ratio", out var ratio))
                Assert.That(metrics[metric.Name]!["resultMetadata"]!["ratio"]!.GetValue<double>(), Is.EqualTo(ratio.GetDouble()).Within(1e-9), metric.Name);
        }
        foreach (var group in expected.GetProperty("groupScores").EnumerateObject())
            Assert.That(result["groupScores"]!.AsArray().Single(g => g!["name"]!.GetValue<string>() == group.Name)!["score"]!.GetValue<double>(),
                Is.EqualTo(group.Value.GetDouble()), group.Name);
    }

    [Test]
    public async Task Should_name_a_missing_threshold()
    {
        var request = Request();
        request["scoreThresholds"]!.AsObject().Remove("pass");

        var (status, problem) = await JudgeAsync(request);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("scoreThresholds.pass"));
    }

    [Test]
    public async Task Should_name_a_metric_set_pair_that_the_config_does_not_define()
    {
        var request = Request();
        request["metricSetPairList"]!.AsArray()[1]!["name"] = "latency-p99";

        var (status, problem) = await JudgeAsync(request);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("metricSetPairList[1].name"));
    }

    [Test]
    public async Task Should_refuse_a_body_that_is_not_JSON()
    {
        using var response = await PostAsync("{\"canaryConfig\": ");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem["errors"]!.AsObject().Count, Is.EqualTo(1));
    }

    private async Task<(int Status, JsonNode Body)> JudgeAsync(JsonObject request)
    {
        using var response = await PostAsync(request.ToJsonString());
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/canary/judge")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Mesh-Tenant", "remote-judge");
        return await _service.Http.SendAsync(request);
    }

    /// <summary>
    /// Four metrics in Kayenta's request shape: latency clearly higher in the experiment; errors identical; cpu with an
    /// all-NaN experiment (muted); queue with a zero control mean (muted). Groups latency and errors weigh 50 each.
    /// </summary>
    private static JsonObject Request() => new()
    {
        ["canaryConfig"] = new JsonObject
        {
            ["name"] = "checkout-canary",
            ["judge"] = new JsonObject { ["name"] = "RemoteJudge-v1.0", ["judgeConfigurations"] = new JsonObject() },
            ["metrics"] = new JsonArray(
                Metric("latency", "latency", new JsonObject { ["direction"] = "increase" }),
                Metric("errors", "errors", new JsonObject { ["critical"] = true }),
                Metric("cpu", "system", new JsonObject { ["muted"] = true }),
                Metric("queue", "system", new JsonObject { ["muted"] = true })),
            ["classifier"] = new JsonObject
            {
                ["groupWeights"] = new JsonObject { ["latency"] = 50, ["errors"] = 50 },
                ["scoreThresholds"] = new JsonObject { ["pass"] = 95, ["marginal"] = 75 },
            },
        },
        ["scoreThresholds"] = new JsonObject { ["pass"] = 75.0, ["marginal"] = 50.0 },
        ["metricSetPairList"] = new JsonArray(
            Pair("latency", Range(100, 20), Range(150, 20)),
            Pair("errors", Values(0.5, 0.7, 0.6, "NaN"), Values(0.5, 0.7, 0.6, "NaN")),
            Pair("cpu", Values(0.41, 0.43, 0.40), Values("NaN", "NaN", "NaN")),
            Pair("queue", Values(0, 0, 0, 0), Values(0, 0, 0, 1))),
    };

    private static JsonObject Metric(string name, string group, JsonObject canary) => new()
    {
        ["name"] = name,
        ["query"] = new JsonObject { ["type"] = "prometheus", ["metricName"] = $"checkout_{name}" },
        ["groups"] = new JsonArray(group),
        ["analysisConfigurations"] = new JsonObject { ["canary"] = canary },
        ["scopeName"] = "default",
    };

    private static JsonObject Pair(string name, JsonArray control, JsonArray experiment) => new()
    {
        ["name"] = name,
        ["id"] = $"pair-{name}",
        ["tags"] = new JsonObject { ["pod"] = "checkout" },
        ["values"] = new JsonObject { ["control"] = control, ["experiment"] = experiment },
        ["scopes"] = new JsonObject
        {
            ["control"] = new JsonObject { ["startTimeIso"] = "2026-11-30T10:00:00Z", ["startTimeMillis"] = 1796032800000, ["stepMillis"] = 60000 },
            ["experiment"] = new JsonObject { ["startTimeIso"] = "2026-11-30T10:00:00Z", ["startTimeMillis"] = 1796032800000, ["stepMillis"] = 60000 },
        },
    };

    private static JsonArray Range(int from, int count) => new([.. Enumerable.Range(from, count).Select(v => (JsonNode)(double)v)]);

    private static JsonArray Values(params object[] values) =>
        new([.. values.Select(v => v is string s ? (JsonNode)s : (JsonNode)Convert.ToDouble(v))]);
}
