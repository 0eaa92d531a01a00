using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Testing.EchoPayloads;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// A production deploy of checkout-api 1.4.2 whose p99 latency jumped from about 0.1 s to about 0.5 s, in a real
/// Prometheus (Debian's 2.42) whose history the spec wrote with promtool: every 5 s over the last 20 minutes, the deploy
/// from 6 to 5½ minutes ago. Through the gateway: an impact policy (settle 1 s, windows of 2 minutes) and a
/// <c>confirm</c> rollback policy on <c>deploymentDegraded</c>; Echo reports yesterday's good deploy of 1.4.1, then this
/// one. Both windows are over when Echo's event arrives, so the assessment is due at once.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_production_deploy_makes_an_indicator_worse
{
    private const string GoodExecutionId = "01HXIMP000000000000000GOOD";
    private const string BadExecutionId = "01HXIMP0000000000000000BAD";
    private const string Sli = "p99 latency";

    private RealPrometheus _prometheus = null!;
    private StubGate _gate = null!;
    private MeshUnderTest _mesh = null!;
    private DateTimeOffset _deployStart;

    [OneTimeSetUp]
    public async Task Start()
    {
        var now = OpenMetricsHistory.WholeMinute(DateTimeOffset.UtcNow);
        _deployStart = now - TimeSpan.FromMinutes(6);
        var deployEnd = _deployStart + TimeSpan.FromSeconds(30);
        var noise = new Random(7);
        var history = new OpenMetricsHistory().Gauge("http_p99_latency_seconds",
            OpenMetricsHistory.Every(TimeSpan.FromSeconds(5), now - TimeSpan.FromMinutes(20), now)
                .Select(at => (at, (at < deployEnd ? 0.1 : 0.5) + noise.NextDouble() * 0.02)),
            ("app", "checkout"), ("namespace", "checkout"));
        _prometheus = await RealPrometheus.StartAsync(history);
        _gate = StubGate.Start();

        _mesh = await MeshUnderTest.StartAsync(new Dictionary<string, Dictionary<string, string>>
        {
            ["canary-score"] = new()
            {
                ["Mesh__Impact__Sources__prod__Url"] = _prometheus.BaseUrl,
                ["Mesh__Impact__DefaultSource"] = "prod",
                ["Mesh__Impact__Assessment__PollInterval"] = "00:00:01",
                ["Mesh__Impact__Assessment__QueryDelay"] = "00:00:00",
            },
            ["rollback"] = new(_gate.Settings),
        });

        await PutAsync("api/impact-policies/checkout", new JsonObject
        {
            ["source"] = "prod",
            ["productionAccounts"] = new JsonArray("prod-use1"),
            ["productionNamespaces"] = new JsonArray(),
            ["settle"] = "00:00:01",
            ["window"] = "00:02:00",
            ["step"] = "00:00:05",
            ["slis"] = new JsonArray(new JsonObject
            {
                ["name"] = Sli,
                ["query"] = "max(http_p99_latency_seconds{app=\"${application}\",namespace=\"${namespace}\"})",
                ["badDirection"] = "increase",
                ["critical"] = false,
                ["allowedChangePercent"] = 10,
            }),
        });
        await PutAsync("api/rollback-policies/checkout", new JsonObject
        {
            ["enabled"] = true,
            ["mode"] = "confirm",
            ["triggers"] = new JsonArray("deploymentDegraded"),
            ["rollbackPipeline"] = new JsonObject
            {
                ["application"] = "checkout", ["pipelineNameOrId"] = "Rollback checkout", ["parameters"] = new JsonObject { ["tag"] = "${toVersion}" },
            },
            ["cooldownMinutes"] = 30,
        });

        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(Deploy(GoodExecutionId, "1.4.1", now - TimeSpan.FromDays(1))));
        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(Deploy(BadExecutionId, "1.4.2", _deployStart)));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _mesh.DisposeAsync();
        _gate.Dispose();
        await _prometheus.DisposeAsync();
    }

    [Test]
    public async Task Should_report_the_deploy_failed_with_the_indicator_that_got_worse()
    {
        var impact = await AssessedAsync();

        Assert.That(impact.GetProperty("verdict").GetString(), Is.EqualTo("Fail"), impact.GetRawText());
        Assert.That(impact.GetProperty("application").GetString(), Is.EqualTo("checkout"));
        Assert.That(impact.GetProperty("environment").GetString(), Is.EqualTo("production"));
        var sli = impact.GetProperty("slis").EnumerateArray().Single();
        Assert.That(sli.GetProperty("name").GetString(), Is.EqualTo(Sli));
        Assert.That(sli.GetProperty("classification").GetString(), Is.EqualTo("High"));
        Assert.That(sli.GetProperty("beforeMedian").GetDouble(), Is.InRange(0.1, 0.12));
        Assert.That(sli.GetProperty("afterMedian").GetDouble(), Is.InRange(0.5, 0.52));
        Assert.That(sli.GetProperty("ratio").GetDouble(), Is.InRange(0.5 / 0.12, 0.52 / 0.1));
    }

    [Test]
    public async Task Should_list_the_verdict_among_the_applications_deploys()
    {
        await AssessedAsync();
        var list = await _mesh.GetJsonAsync("api/impact?application=checkout&verdict=Fail");
        Assert.That(list.GetProperty("deployments").EnumerateArray().Select(d => d.GetProperty("executionId").GetString()),
            Is.EqualTo(new[] { BadExecutionId }));
    }

    [Test]
    public async Task Should_reach_the_rollback_service_as_a_deploymentDegraded_proposal_to_go_back_to_the_good_version()
    {
        var proposal = await Eventually.GetAsync(async () =>
            {
                var list = await _mesh.GetJsonAsync("api/rollbacks/proposals?application=checkout");
                return list.GetProperty("proposals").EnumerateArray().FirstOrDefault(p => p.GetProperty("trigger").GetString() == "deploymentDegraded");
            },
            p => p.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(120), $"the deploymentDegraded proposal\n{_mesh.Logs}");

        Assert.That(proposal.GetProperty("status").GetString(), Is.EqualTo("proposed"), proposal.GetRawText());
        Assert.That(proposal.GetProperty("target").GetProperty("executionId").GetString(), Is.EqualTo(BadExecutionId));
        Assert.That(proposal.GetProperty("target").GetProperty("fromVersion").GetString(), Is.EqualTo("1.4.2"));
        Assert.That(proposal.GetProperty("target").GetProperty("toVersion").GetString(), Is.EqualTo("1.4.1"));
        Assert.That(proposal.GetProperty("reason").GetString(), Does.Contain(Sli));
        Assert.That(_gate.Starts, Is.Empty, "confirm mode: no Gate call before an operator approves");
    }

    // -----------------------------------------------------------------------------------------------------------------

    private Task<JsonElement> AssessedAsync() =>
        Eventually.GetAsync(async () =>
            {
                using var response = await _mesh.GetAsync($"api/deployments/{BadExecutionId}/impact");
                return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
            },
            i => i.ValueKind == JsonValueKind.Object && i.GetProperty("verdict").GetString() != "pending",
            TimeSpan.FromSeconds(120), $"the assessment of {BadExecutionId}\n{_mesh.Logs}");

    private async Task PutAsync(string path, JsonObject body)
    {
        using var response = await _mesh.PutJsonAsync(path, body.ToJsonString());
        Assert.That(response.IsSuccessStatusCode, Is.True, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A pipeline that deployed checkout-api <paramref name="version"/> to prod-use1 (namespace checkout) for 30 s, then succeeded.</summary>
    private static string Deploy(string executionId, string version, DateTimeOffset start)
    {
        var from = start.ToUnixTimeMilliseconds();
        var to = from + 30_000;
        var image = $"registry.example.com/checkout-api:{version}";
        JsonObject Manifest() => new()
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "checkout-api", ["namespace"] = "checkout" },
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "checkout-api", ["image"] = image }) },
                },
            },
        };
        var context = new JsonObject
        {
            ["account"] = "prod-use1", ["cloudProvider"] = "kubernetes", ["moniker"] = new JsonObject { ["app"] = "checkout" }, ["source"] = "text",
            ["namespaceOverride"] = "checkout",
            ["manifests"] = new JsonArray(Manifest()), ["outputs.manifests"] = new JsonArray(Manifest()),
            ["outputs.manifestNamesByNamespace"] = new JsonObject { ["checkout"] = new JsonArray("deployment checkout-api") },
            ["outputs.createdArtifacts"] = new JsonArray(new JsonObject
            {
                ["type"] = "kubernetes/deployment", ["name"] = "checkout-api", ["version"] = "", ["location"] = "checkout", ["reference"] = "checkout-api",
            }),
        };
        var deploy = StageNode(executionId[..20] + "DEPLOY", "1", "deployManifest", "Deploy to production", "SUCCEEDED", from, to, context,
            [TaskNode("1", "deployManifest", "SUCCEEDED", from + 1_000, from + 10_000), TaskNode("2", "waitForManifestToStabilize", "SUCCEEDED", from + 11_000, to - 1_000)]);
        var trigger = new JsonObject
        {
            ["type"] = "docker", ["user"] = "[anonymous]", ["parameters"] = new JsonObject(), ["artifacts"] = new JsonArray(),
            ["resolvedExpectedArtifacts"] = new JsonArray(), ["notifications"] = new JsonArray(),
        };
        var execution = ExecutionNode(executionId, "Deploy checkout-api", "SUCCEEDED", from - 1_000, to + 1_000, trigger, "checkout", deploy);
        return Event("orca:pipeline:complete", ExecutionContent(execution), to + 2_000, "checkout");
    }
}
