using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Testing.EchoPayloads;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// A production deploy whose canary fails, sent to the gateway as Echo sends it, for two tenants with the same
/// application: <c>default</c> has an <c>auto</c> rollback policy, <c>other</c> a <c>confirm</c> one. Both know a good
/// version: the day before, the same pipeline deployed <c>checkout-api:1.4.1</c> to prod-use1 and succeeded. Now it
/// deployed <c>1.4.2</c>, interval 1 of its canary scored 41 (marginal 75), and the pipeline ended TERMINAL. Gate is a
/// stub on 127.0.0.1 that takes a bearer token. Then Echo reports the rollback pipeline Mesh started.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_canary_fails_after_a_production_deploy
{
    private const string KnownGoodExecutionId = "01HXV00000000000000000KG01";
    private const string DeployStageId = "01HXWHX6R40000000000DEPLOY";
    private const string KnownGoodDeployStageId = "01HXV000000000000000DEPLOY";
    private const string RollbackPipeline = "Rollback checkout";
    private const long DayMs = 86_400_000;

    private StubGate _gate = null!;
    private MeshUnderTest _mesh = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _gate = StubGate.Start();
        _mesh = await MeshUnderTest.StartAsync(new Dictionary<string, Dictionary<string, string>>
        {
            ["rollback"] = new(_gate.Settings),
        });
        await PutPolicyAsync(MeshUnderTest.DevToken, "auto");
        await PutPolicyAsync(MeshUnderTest.OtherTenantToken, "confirm");
        foreach (var token in new[] { MeshUnderTest.DevToken, MeshUnderTest.OtherTenantToken })
        {
            await _mesh.ProcessedAsync(await _mesh.AcceptAsync(KnownGoodDeploy(), token), token);
            await _mesh.ProcessedAsync(await _mesh.AcceptAsync(CanaryDeployStageCompleted(), token), token);
            await _mesh.ProcessedAsync(await _mesh.AcceptAsync(CanaryPayloads.CanaryCompleted(run1: r => r["canaryScore"] = 41), token), token);
            await _mesh.ProcessedAsync(await _mesh.AcceptAsync(CanaryPipelineFailed(), token), token);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _mesh.DisposeAsync();
        _gate.Dispose();
    }

    [Test]
    public async Task Should_start_the_rollback_pipeline_once_through_Gate_with_the_configured_token()
    {
        var decision = await DecisionAsync(MeshUnderTest.DevToken, d => d.GetProperty("status").GetString() is "triggered" or "succeeded");
        var id = decision.GetProperty("id").GetString()!;

        var starts = _gate.Starts.Where(s => DecisionOf(s) == id).ToList();
        Assert.That(starts, Has.Count.EqualTo(1), "Gate starts for the auto decision");
        var start = starts[0];
        Assert.That(start.Application, Is.EqualTo("checkout"));
        Assert.That(start.Pipeline, Is.EqualTo(RollbackPipeline));
        Assert.That(start.Authorization, Is.EqualTo("Bearer " + StubGate.Token));
        Assert.That(start.Body["type"]!.GetValue<string>(), Is.EqualTo("manual"));
        Assert.That(start.Body["parameters"]!["image"]!.GetValue<string>(), Is.EqualTo("registry.example.com/checkout-api:1.4.1"),
            "the known-good version filled into the policy's parameters");
        Assert.That(decision.GetProperty("trigger").GetString(), Is.EqualTo("canaryFail"));
        Assert.That(decision.GetProperty("target").GetProperty("fromVersion").GetString(), Is.EqualTo("1.4.2"));
        Assert.That(decision.GetProperty("target").GetProperty("toVersion").GetString(), Is.EqualTo("1.4.1"));
    }

    [Test]
    public async Task Should_wait_for_an_operator_in_confirm_mode_and_call_Gate_once_approved()
    {
        var proposal = await DecisionAsync(MeshUnderTest.OtherTenantToken,
            d => d.GetProperty("status").GetString() is "proposed" or "approved" or "triggering" or "triggered" or "succeeded");
        var id = proposal.GetProperty("id").GetString()!;
        if (proposal.GetProperty("status").GetString() == "proposed")
            Assert.That(_gate.Starts.Count(s => DecisionOf(s) == id), Is.Zero, "no Gate call before the approval");

        using var approve = await _mesh.SendAsync(HttpMethod.Post, $"api/rollbacks/proposals/{id}/approve",
            """{"comment":"canary failed on 1.4.2"}""", MeshUnderTest.OtherTenantToken, ("X-Mesh-User", "carol@example.com"));
        Assert.That((int)approve.StatusCode, Is.EqualTo(200), await approve.Content.ReadAsStringAsync());

        var triggered = await DecisionAsync(MeshUnderTest.OtherTenantToken, d => d.GetProperty("status").GetString() is "triggered" or "succeeded");
        Assert.That(triggered.GetProperty("approvedBy").GetString(), Is.EqualTo("carol@example.com"));
        Assert.That(_gate.Starts.Count(s => DecisionOf(s) == id), Is.EqualTo(1), "one Gate call after the approval");
    }

    [Test]
    public async Task Should_list_the_rollback_it_started_with_its_decision_and_the_failed_canary_before_it()
    {
        var decision = await DecisionAsync(MeshUnderTest.DevToken, d => d.GetProperty("status").GetString() is "triggered" or "succeeded");
        var id = decision.GetProperty("id").GetString()!;
        var rollbackExecutionId = decision.GetProperty("rollbackExecutionId").GetString()!;
        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(RollbackCompleted(rollbackExecutionId, id)));

        var done = await DecisionAsync(MeshUnderTest.DevToken, d => d.GetProperty("status").GetString() == "succeeded");
        Assert.That(done.GetProperty("rollbackExecutionId").GetString(), Is.EqualTo(rollbackExecutionId));

        var rollbacks = await Eventually.GetAsync(() => _mesh.GetJsonAsync("api/rollbacks?application=checkout"),
            r => r.GetProperty("rollbacks").EnumerateArray().Any(x => x.GetProperty("executionId").GetString() == rollbackExecutionId),
            TimeSpan.FromSeconds(60), $"the rollback Mesh started\n{_mesh.Logs}");
        var rollback = rollbacks.GetProperty("rollbacks").EnumerateArray().Single(x => x.GetProperty("executionId").GetString() == rollbackExecutionId);
        Assert.That(rollback.GetProperty("kind").GetString(), Is.EqualTo("meshTriggered"));
        Assert.That(rollback.GetProperty("decisionId").GetString(), Is.EqualTo(id));
        Assert.That(rollback.GetProperty("automatic").GetBoolean(), Is.True);
        Assert.That(rollback.GetProperty("precedingAnomalies").EnumerateArray().Select(a => a.GetProperty("kind").GetString()),
            Does.Contain("canaryFail"));
    }

    [Test]
    public async Task Should_open_an_incident_for_the_failed_pipeline_with_what_changed_since_the_last_success()
    {
        var incidents = await Eventually.GetAsync(() => _mesh.GetJsonAsync("api/incidents?application=checkout"),
            r => r.GetProperty("incidents").GetArrayLength() >= 1, TimeSpan.FromSeconds(60), $"the incident\n{_mesh.Logs}");
        var incidentId = incidents.GetProperty("incidents")[0].GetProperty("incidentId").GetString()!;

        var incident = await _mesh.GetJsonAsync($"api/incidents/{Uri.EscapeDataString(incidentId)}");
        var text = incident.GetRawText();
        Assert.That(text, Does.Contain(CanaryPayloads.ExecutionId), "the failed execution");
        Assert.That(text, Does.Contain(KnownGoodExecutionId), "the last successful execution of the pipeline");
        Assert.That(text, Does.Contain("Canary Analysis"), "the failed canary stage");
        Assert.That(text, Does.Contain("1.4.2").And.Contain("1.4.1"), "the version change since the last success");
    }

    // -----------------------------------------------------------------------------------------------------------------

    private async Task PutPolicyAsync(string token, string mode)
    {
        var policy = new JsonObject
        {
            ["enabled"] = true,
            ["mode"] = mode,
            ["triggers"] = new JsonArray("canaryFail"),
            ["rollbackPipeline"] = new JsonObject
            {
                ["application"] = "checkout",
                ["pipelineNameOrId"] = RollbackPipeline,
                ["parameters"] = new JsonObject { ["image"] = "registry.example.com/checkout-api:${toVersion}", ["namespace"] = "${namespace}" },
            },
            ["cooldownMinutes"] = 30,
        };
        using var response = await _mesh.PutJsonAsync("api/rollback-policies/checkout", policy.ToJsonString(), token);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"PUT policy: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The tenant's first canaryFail decision about checkout (the list is newest first), once <paramref name="done"/> accepts it.</summary>
    private Task<JsonElement> DecisionAsync(string token, Func<JsonElement, bool> done) =>
        Eventually.GetAsync(async () =>
            {
                var list = await _mesh.GetJsonAsync("api/rollbacks/proposals?application=checkout", token);
                return list.GetProperty("proposals").EnumerateArray().LastOrDefault(p => p.GetProperty("trigger").GetString() == "canaryFail");
            },
            d => d.ValueKind == JsonValueKind.Object && done(d), TimeSpan.FromSeconds(90), $"the canaryFail decision\n{_mesh.Logs}");

    private static string? DecisionOf(StartRequest start) => start.Body["meshDecisionId"]?.GetValue<string>();

    /// <summary>Yesterday: the pipeline deployed 1.4.1 to production and succeeded.</summary>
    private static string KnownGoodDeploy()
    {
        var start = CanaryPayloads.Start - DayMs;
        var deploy = ProductionDeploy(KnownGoodDeployStageId, "1.4.1", start + 10, start + 190);
        var execution = ExecutionNode(KnownGoodExecutionId, "Canary checkout-api", "SUCCEEDED", start, start + 200_000, Trigger(), "checkout", deploy);
        return Event("orca:pipeline:complete", ExecutionContent(execution), start + 200_100, "checkout");
    }

    /// <summary>Today: the deploy stage of the canary's execution ended, 1.4.2 is on prod-use1.</summary>
    private static string CanaryDeployStageCompleted()
    {
        var deploy = ProductionDeploy(DeployStageId, "1.4.2", CanaryPayloads.Start + 205, CanaryPayloads.Start + 400);
        var execution = ExecutionNode(CanaryPayloads.ExecutionId, "Canary checkout-api", "RUNNING", CanaryPayloads.Start + 200, null, Trigger(),
            "checkout", deploy);
        return Event("orca:stage:complete", StageContent(execution, deploy), CanaryPayloads.Start + 450, "checkout");
    }

    /// <summary>The canary execution ended TERMINAL: its canary stage failed after the deploy.</summary>
    private static string CanaryPipelineFailed()
    {
        var end = CanaryPayloads.Start + 1_881_000;
        var deploy = ProductionDeploy(DeployStageId, "1.4.2", CanaryPayloads.Start + 205, CanaryPayloads.Start + 400);
        var canaryContext = CanaryPayloads.CanaryContext();
        // Without the run stages or the scores: the runs were reported already, this is the execution's end.
        canaryContext.Remove("canaryScores");
        canaryContext["exception"] = new JsonObject
        {
            ["details"] = new JsonObject { ["errors"] = new JsonArray("Canary score 41 is not above the marginal score threshold 75") },
        };
        var canary = StageNode(CanaryPayloads.CanaryStageId, "1", "kayentaCanary", "Canary Analysis", "TERMINAL", CanaryPayloads.Start + 420,
            end - 1_000, canaryContext, requisite: ["0"]);
        var execution = ExecutionNode(CanaryPayloads.ExecutionId, "Canary checkout-api", "TERMINAL", CanaryPayloads.Start + 200, end, Trigger(),
            "checkout", deploy, canary);
        return Event("orca:pipeline:failed", ExecutionContent(execution), end + 60, "checkout");
    }

    /// <summary>The rollback pipeline Mesh started ended: Gate's trigger carried the decision id as a parameter.</summary>
    private static string RollbackCompleted(string executionId, string decisionId)
    {
        // Right after the canary execution failed: the failed canary is within the anomaly window before it.
        var start = CanaryPayloads.Start + 1_890_000;
        var trigger = Trigger("spinnaker-mesh", new JsonObject
        {
            ["meshDecisionId"] = decisionId, ["image"] = "registry.example.com/checkout-api:1.4.1", ["namespace"] = "checkout",
        });
        trigger["meshDecisionId"] = decisionId;
        var context = new JsonObject
        {
            ["account"] = "prod-use1", ["cloudProvider"] = "kubernetes", ["location"] = "checkout", ["manifestName"] = "deployment checkout-api",
            ["mode"] = "static", ["numRevisionsBack"] = 1,
        };
        var undo = StageNode("01HXZ0000000000000000UNDO1", "1", "undoRolloutManifest", "Undo rollout", "SUCCEEDED", start + 1_000, start + 60_000, context,
            [TaskNode("1", "undoRolloutManifest", "SUCCEEDED", start + 2_000, start + 20_000)]);
        var execution = ExecutionNode(executionId, RollbackPipeline, "SUCCEEDED", start, start + 61_000, trigger, "checkout", undo);
        execution["pipelineConfigId"] = "cfg-checkout-rollback";
        return Event("orca:pipeline:complete", ExecutionContent(execution), start + 61_100, "checkout");
    }

    /// <summary>A <c>deployManifest</c> of the Deployment checkout-api with image tag <paramref name="version"/> to prod-use1, namespace checkout.</summary>
    private static JsonObject ProductionDeploy(string stageId, string version, long start, long end)
    {
        JsonObject Manifest() => new()
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "checkout-api", ["namespace"] = "checkout" },
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "checkout-api", ["image"] = $"registry.example.com/checkout-api:{version}" }),
                    },
                },
            },
        };
        var context = new JsonObject
        {
            ["account"] = "prod-use1",
            ["cloudProvider"] = "kubernetes",
            ["moniker"] = new JsonObject { ["app"] = "checkout" },
            ["source"] = "text",
            ["manifests"] = new JsonArray(Manifest()),
            ["outputs.manifests"] = new JsonArray(Manifest()),
            ["outputs.manifestNamesByNamespace"] = new JsonObject { ["checkout"] = new JsonArray("deployment checkout-api") },
            ["outputs.createdArtifacts"] = new JsonArray(new JsonObject
            {
                ["type"] = "kubernetes/deployment", ["name"] = "checkout-api", ["version"] = "", ["location"] = "checkout",
                ["reference"] = "checkout-api", ["metadata"] = new JsonObject { ["account"] = "prod-use1" },
            }),
        };
        return StageNode(stageId, "0", "deployManifest", "Deploy to production", "SUCCEEDED", start, end, context,
            [TaskNode("1", "deployManifest", "SUCCEEDED", start + 5, start + 60), TaskNode("2", "waitForManifestToStabilize", "SUCCEEDED", start + 65, end - 5)]);
    }

    private static JsonObject Trigger(string user = "[anonymous]", JsonObject? parameters = null) => new()
    {
        ["type"] = user == "[anonymous]" ? "docker" : "manual",
        ["correlationId"] = null,
        ["user"] = user,
        ["parameters"] = parameters ?? new JsonObject(),
        ["artifacts"] = new JsonArray(),
        ["notifications"] = new JsonArray(),
        ["resolvedExpectedArtifacts"] = new JsonArray(),
        ["rebake"] = false,
        ["dryRun"] = false,
        ["strategy"] = false,
    };
}
