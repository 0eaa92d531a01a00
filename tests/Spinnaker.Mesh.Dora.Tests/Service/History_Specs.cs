using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.Dora.Tests.Service.Pipelines;

namespace Spinnaker.Mesh.Dora.Tests.Service;

/// <summary>
/// Three weeks of <c>checkout</c> (W10–W12 of 2026), fed through the broker as in production. Baseline c000000.
/// Commits (generic webhook): the baseline c000000 (it must be known: a change set is bounded by it), c100000 08:00+02:00 Mon W10 (06:00Z), c200000 09:00Z Mon W10, c300000 10:00Z Mon W11,
/// c400000 08:00Z Mon W12, each the parent of the next. Executions: E0 deploys c100000 to staging (Tue W10, excluded);
/// E1 deploys c200000 Mon W10 12:00Z (changes c100000 6 h, c200000 3 h); E2 deploys c300000 Tue W11 10:00Z (24 h);
/// incident INC-1 (change-caused, unlinked) starts 12:00Z that Tuesday, resolved 14:00Z: S4 on E2, recovered after 4 h;
/// E3 deploys c400000 Mon W12 10:00Z (2 h); E4 rolls production back at 11:00Z: S2 on E3, recovered after 1 h.
/// By hand: 3 deployments on 3 days, one a week (median 1, high), 3/21 = 0.1429 a day; lead times 7200, 10800, 21600,
/// 86400 → median 16200 (elite), p90 21600 + 0.7 × 64800 = 66960; CFR 2/3 = 0.6667 (low); recovery 14400 and 3600 →
/// median 9000 (high); rework 1 rollback of 4 production deployments = 0.25.
/// </summary>
[TestFixture]
public sealed class When_a_multi_week_history_of_one_application_is_classified
{
    private const string InOrder = "history";
    private const string Shuffled = "shuffled";
    private const string App = "checkout";
    private const string Window = "from=2026-03-02T00:00:00Z&to=2026-03-23T00:00:00Z";

    private DoraServiceFixture _service = null!;

    private static object Settings => new
    {
        accountEnvironments = new Dictionary<string, string> { ["prod-use1"] = "production", ["staging"] = "staging" },
        baselines = new Dictionary<string, object> { [App] = new { sha = "c000000", deployedAt = (string?)null } },
        teams = new Dictionary<string, string[]> { ["payments"] = [App] },
    };

    private static IReadOnlyList<PipelineCompleted> Executions(string tenant) =>
    [
        Deployment(tenant, App, "E0", "c100000", At(1, 9), account: "staging"),
        Deployment(tenant, App, "E1", "c200000", At(0, 12)),
        Deployment(tenant, App, "E2", "c300000", At(8, 10)),
        Deployment(tenant, App, "E3", "c400000", At(14, 10)),
        Rollback(tenant, App, "E4", At(14, 11)),
    ];

    private static System.Text.Json.Nodes.JsonObject Commits => GenericCommits(App, "shop/checkout",
        ("c000000", null, "2026-02-20T10:00:00Z"),
        ("c100000", "c000000", "2026-03-02T08:00:00+02:00"),
        ("c200000", "c100000", "2026-03-02T09:00:00Z"),
        ("c300000", "c200000", "2026-03-09T10:00:00Z"),
        ("c400000", "c300000", "2026-03-16T08:00:00Z"));

    private static System.Text.Json.Nodes.JsonObject Inc1 => Incident("INC-1", App, At(8, 12), At(8, 14));

    [OneTimeSetUp]
    public async Task Feed()
    {
        _service = await DoraServiceFixture.StartAsync();
        await _service.PutSettingsAsync(InOrder, Settings);
        await _service.PutSettingsAsync(Shuffled, Settings);

        await _service.PostCommitsAsync(InOrder, "commits", Commits);
        var inOrder = Executions(InOrder);
        await _service.PublishAsync(inOrder.Take(3));
        await _service.PostIncidentAsync(InOrder, Inc1, At(8, 12));
        await _service.PublishAsync(inOrder.Skip(3));

        // Late and repeated: the rollback first, the commits last; E2 published twice (one event, stored once) and E1
        // delivered a second time as a new terminal event (a redelivery Echo made: counted as a duplicate delivery).
        var shuffled = Executions(Shuffled);
        await _service.PublishAsync([shuffled[4], shuffled[3], shuffled[2]]);
        await _service.PostIncidentAsync(Shuffled, Inc1, At(8, 12));
        await _service.PublishAsync([shuffled[2], shuffled[1], shuffled[0], shuffled[1] with { EventId = Guid.NewGuid() }]);
        await _service.PostCommitsAsync(Shuffled, "commits", Commits);

        foreach (var tenant in new[] { InOrder, Shuffled })
            await _service.UntilAsync($"api/dora/deployments?application={App}&{Window}", tenant, Complete, $"the whole history of {tenant}");
    }

    /// <summary>Every execution classified, both failures found and the first change set known.</summary>
    private static bool Complete(JsonElement response)
    {
        var rows = response.GetProperty("deployments").EnumerateArray().ToList();
        bool Row(string id, Func<JsonElement, bool> check) => rows.Any(r => r.GetProperty("executionId").GetString() == id && check(r));
        return rows.Count == 5
               && Row("E1", r => r.GetProperty("changeSet").GetArrayLength() == 2)
               && Row("E2", r => r.GetProperty("changeFailure").GetBoolean() && r.GetProperty("recovery").ValueKind == JsonValueKind.Object)
               && Row("E3", r => r.GetProperty("changeFailure").GetBoolean());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _service.DisposeAsync();

    [Test]
    public async Task Should_give_the_hand_computed_figures()
    {
        var dora = await _service.GetJsonAsync($"api/dora?application={App}&{Window}", InOrder);
        var df = dora.GetProperty("deploymentFrequency");
        var lt = dora.GetProperty("leadTimeForChanges");
        var cfr = dora.GetProperty("changeFailureRate");
        var fdrt = dora.GetProperty("failedDeploymentRecoveryTime");
        var rework = dora.GetProperty("deploymentReworkRate");
        Assert.Multiple(() =>
        {
            Assert.That((dora.GetProperty("from").GetString(), dora.GetProperty("to").GetString()),
                Is.EqualTo(("2026-03-02T00:00:00.000Z", "2026-03-23T00:00:00.000Z")));
            Assert.That((df.GetProperty("deployments").GetInt32(), df.GetProperty("medianDeploymentDaysPerWeek").GetDouble(),
                df.GetProperty("deploymentsPerDay").GetDouble(), df.GetProperty("tier").GetString()), Is.EqualTo((3, 1.0, 0.1429, "high")));
            Assert.That(df.GetProperty("deploymentDaysPerWeek").EnumerateArray().Select(w => $"{w.GetProperty("isoWeek").GetString()}:{w.GetProperty("deploymentDays").GetInt32()}"),
                Is.EqualTo(new[] { "2026-W10:1", "2026-W11:1", "2026-W12:1" }));
            Assert.That((lt.GetProperty("changes").GetInt32(), lt.GetProperty("medianSeconds").GetDouble(), lt.GetProperty("p90Seconds").GetDouble(),
                lt.GetProperty("tier").GetString()), Is.EqualTo((4, 16200.0, 66960.0, "elite")));
            Assert.That((cfr.GetProperty("failedDeployments").GetInt32(), cfr.GetProperty("deployments").GetInt32(), cfr.GetProperty("rate").GetDouble(),
                cfr.GetProperty("tier").GetString()), Is.EqualTo((2, 3, 0.6667, "low")));
            Assert.That((fdrt.GetProperty("recovered").GetInt32(), fdrt.GetProperty("open").GetInt32(), fdrt.GetProperty("medianSeconds").GetDouble(),
                fdrt.GetProperty("tier").GetString()), Is.EqualTo((2, 0, 9000.0, "high")));
            Assert.That((rework.GetProperty("remediations").GetInt32(), rework.GetProperty("deployments").GetInt32(), rework.GetProperty("rate").GetDouble()),
                Is.EqualTo((1, 4, 0.25)));
            var w11 = dora.GetProperty("weeks")[1];
            Assert.That((w11.GetProperty("isoWeek").GetString(), w11.GetProperty("leadTimeForChanges").GetProperty("medianSeconds").GetDouble(),
                w11.GetProperty("failedDeploymentRecoveryTime").GetProperty("medianSeconds").GetDouble()), Is.EqualTo(("2026-W11", 86400.0, 14400.0)));
            var diagnostics = dora.GetProperty("diagnostics");
            Assert.That(diagnostics.GetProperty("excludedExecutions").EnumerateArray().Select(e => $"{e.GetProperty("executionId").GetString()}:{e.GetProperty("classification").GetString()}"),
                Is.EqualTo(new[] { "E0:non_production_deployment" }));
            Assert.That(diagnostics.GetProperty("rollbackRemediations").EnumerateArray().Select(e => e.GetProperty("remediates").GetString()), Is.EqualTo(new[] { "E3" }));
        });
    }

    [Test]
    public async Task Should_list_each_deployment_with_its_changes_signals_and_recovery()
    {
        var rows = (await _service.GetJsonAsync($"api/dora/deployments?application={App}&environment=production&{Window}", InOrder))
            .GetProperty("deployments").EnumerateArray().ToDictionary(r => r.GetProperty("executionId").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Keys, Is.EquivalentTo(new[] { "E1", "E2", "E3", "E4" }), "the staging run is not in production");
            Assert.That(rows["E1"].GetProperty("changeSet").EnumerateArray().Select(c =>
                    $"{c.GetProperty("sha").GetString()}@{c.GetProperty("commitTime").GetString()}:{c.GetProperty("leadTimeSeconds").GetDouble()}"),
                Is.EquivalentTo(new[] { "c100000@2026-03-02T06:00:00.000Z:21600", "c200000@2026-03-02T09:00:00.000Z:10800" }));
            Assert.That((rows["E1"].GetProperty("classification").GetString(), rows["E1"].GetProperty("deploymentTime").GetString(),
                rows["E1"].GetProperty("isoWeek").GetString(), rows["E1"].GetProperty("deployedSha").GetString()),
                Is.EqualTo(("successful_production_deployment", "2026-03-02T12:00:00.000Z", "2026-W10", "c200000")));
            var e2 = rows["E2"];
            Assert.That(e2.GetProperty("failureSignals").EnumerateArray().Select(s => s.GetProperty("signal").GetString()), Is.EqualTo(new[] { "S4" }));
            Assert.That(e2.GetProperty("failureSignals")[0].GetProperty("evidence").GetProperty("incidentId").GetString(), Is.EqualTo("INC-1"));
            Assert.That((e2.GetProperty("recovery").GetProperty("time").GetString(), e2.GetProperty("recovery").GetProperty("seconds").GetDouble()),
                Is.EqualTo(("2026-03-10T14:00:00.000Z", 14400.0)));
            Assert.That(rows["E3"].GetProperty("failureSignals").EnumerateArray().Select(s => s.GetProperty("signal").GetString()), Is.EqualTo(new[] { "S2" }));
            Assert.That(rows["E3"].GetProperty("recovery").GetProperty("seconds").GetDouble(), Is.EqualTo(3600.0));
            Assert.That((rows["E4"].GetProperty("classification").GetString(), rows["E4"].GetProperty("remediates").GetString()),
                Is.EqualTo(("rollback_remediation", "E3")));
        });
    }

    [Test]
    public async Task Should_give_the_same_figures_whatever_the_order_and_repeats_of_delivery()
    {
        string Figures(JsonElement dora)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(dora.GetRawText())!.AsObject();
            node.Remove("asOf");
            node["diagnostics"]!.AsObject().Remove("duplicateDeliveries");
            node["diagnostics"]!.AsObject().Remove("openFailures");
            return node.ToJsonString();
        }
        var inOrder = await _service.GetJsonAsync($"api/dora?application={App}&{Window}", InOrder);
        var shuffled = await _service.GetJsonAsync($"api/dora?application={App}&{Window}", Shuffled);
        var rowsInOrder = await _service.GetJsonAsync($"api/dora/deployments?application={App}&{Window}", InOrder);
        var rowsShuffled = await _service.GetJsonAsync($"api/dora/deployments?application={App}&{Window}", Shuffled);
        Assert.Multiple(() =>
        {
            Assert.That(Figures(shuffled), Is.EqualTo(Figures(inOrder)));
            Assert.That(rowsShuffled.GetProperty("deployments").GetRawText(), Is.EqualTo(rowsInOrder.GetProperty("deployments").GetRawText()));
            Assert.That(shuffled.GetProperty("diagnostics").GetProperty("duplicateDeliveries").EnumerateArray()
                    .Select(d => $"{d.GetProperty("executionId").GetString()}:{d.GetProperty("deliveries").GetInt32()}"),
                Is.EqualTo(new[] { "E1:2" }), "the event published twice is one delivery; the second terminal event of E1 is another");
            Assert.That(inOrder.GetProperty("diagnostics").GetProperty("duplicateDeliveries").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public async Task Should_publish_each_classification_and_each_change_failure()
    {
        var failures = await Spinnaker.Mesh.Testing.Eventually.GetAsync(
            () => Task.FromResult(_service.Messages.Failures.Where(f => f.Message.Tenant == InOrder).Select(f => f.Message).ToList()),
            f => f.Count >= 2, TimeSpan.FromSeconds(30), "two ChangeFailureDetected");
        var recorded = _service.Messages.Deployments.Where(d => d.Message.Tenant == InOrder).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failures.Select(f => $"{f.ExecutionId}:{f.Signal}").Distinct(), Is.EquivalentTo(new[] { "E2:S4", "E3:S2" }));
            Assert.That(failures.Single(f => f.Signal == "S4").DetectedAt, Is.EqualTo(At(8, 12)), "S4 is detected when the incident started");
            Assert.That(failures.Single(f => f.Signal == "S2").DetectedAt, Is.EqualTo(At(14, 11)), "S2 when the rollback completed");
            var latest = recorded.GroupBy(d => d.Message.ExecutionId).ToDictionary(g => g.Key, g => g.Last().Message);
            Assert.That(latest.Keys, Is.SupersetOf(new[] { "E0", "E1", "E2", "E3", "E4" }));
            Assert.That((latest["E3"].Classification, latest["E3"].ChangeFailure, latest["E3"].DeployedSha, latest["E3"].Environment),
                Is.EqualTo(("successful_production_deployment", true, (string?)"c400000", "production")));
            Assert.That(recorded.All(d => d.MessageId == d.Message.EventId), Is.True, "published with MessageId = EventId");
            Assert.That(recorded.GroupBy(d => d.Message.EventId).All(g => g.Select(d => d.Message).Distinct().Count() == 1), Is.True,
                "one id, one content");
        });
    }

    [Test]
    public async Task Should_pool_a_teams_applications()
    {
        var team = await _service.GetJsonAsync($"api/dora/teams?team=payments&{Window}", InOrder);
        Assert.Multiple(() =>
        {
            Assert.That(team.GetProperty("applications").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { App }));
            Assert.That(team.GetProperty("changeFailureRate").GetProperty("rate").GetDouble(), Is.EqualTo(0.6667));
            Assert.That(team.GetProperty("pooling").GetString(), Does.StartWith("pooled"));
        });
    }
}
