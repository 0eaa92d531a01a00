using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Testing.EchoPayloads;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// Three ISO weeks (2026-W15 to W17, Monday 6 April to Monday 27 April 2026, 21 days) of two applications of the team
/// <c>payments</c>, all sent to the gateway as in production: the settings PUT, Echo <c>orca:pipeline:*</c> bodies,
/// generic commit lists and an incident that a second POST resolves. Settings: <c>prod-use1</c> and <c>prod-euw1</c> are
/// production, <c>staging-k8s</c> is staging; baselines <c>ca00000</c> (checkout) and <c>be00000</c> (ledger).
/// Every commit is the parent of the next; times below are UTC unless an offset is shown.
/// <para>
/// <b>checkout</b> commits: ca00001 09:30+02:00 Mon 6 Apr (07:30Z), ca00002 10:00 Mon 6, ca00003 08:00 Wed 8, ca00004 09:00
/// Mon 13, ca00005 10:00 Wed 15, ca00006 18:00−04:00 Sun 19 (22:00Z). Executions (deployment time = the last production
/// deploy stage's end):
/// C0 git ca00002 to staging only, Mon 6 11:00 → non_production_deployment;
/// C1 git ca00002, staging 11:30 then production 12:00 Mon 6 → changes ca00001 4 h 30 (16200 s), ca00002 2 h (7200);
/// C2 Jenkins <c>buildInfo.scm[].sha1</c> ca00003, Wed 8 14:00 → ca00003 6 h (21600); incident PD-4711 (change-caused,
/// linked to C2) starts 15:00 and is resolved at 20:00+02:00 (18:00Z): S1, recovered after 4 h (14400);
/// C3 git ca00004, production 11:00 Mon 13, then its smoke-test job fails and the execution ends TERMINAL →
/// failed_production_deployment (S0), no change set (its commit waits for the next success); recovered by the next
/// successful deployment C4, 49 h later (176400);
/// C4 git ca00005, prod-use1 11:40 and prod-euw1 12:00 Wed 15 (one deployment, at 12:00) → ca00004 51 h (183600), ca00005
/// 2 h (7200);
/// C5 manual, trigger parameter <c>gitSha</c> ca00006, deploy ending exactly Mon 20 00:00:00Z (so in W17) → ca00006 2 h (7200).
/// </para>
/// <para>
/// By hand, checkout: 4 deployments (C1 C2 C4 C5) on 2/1/1 days in W15/W16/W17 → median 1 (high), 4/21 = 0.1905 a day.
/// Lead times 7200 7200 7200 16200 21600 183600 → median (7200 + 16200)/2 = 11700 (elite); p90 rank 5 × 0.9 = 4.5 →
/// 21600 + 0.5 × 162000 = 102600. CFR 2 (C2, C3) / 5 (C1–C5) = 0.4 (low). Recovery 14400 and 176400 → median 95400,
/// 26.5 h (medium). Rework 0/5 = 0. Weeks: W15 2 deployments, 2 days, lead times 7200 16200 21600 → 16200, CFR 1/2,
/// recovery 14400; W16 1 deployment, lead times 7200 183600 → 95400, CFR 1/2 (C3, C4), recovery 176400; W17 1, 7200, 0/1.
/// </para>
/// <para>
/// <b>ledger</b> commits: be00001 08:00 Tue 7, be00002 09:00+05:30 Tue 14 (03:30Z), be00003 07:00 Thu 16, be00004 06:00
/// Wed 22. Executions: L1 git be00001, Tue 7 10:00 → 2 h (7200); L2 Jenkins be00002, staging 08:30 then production 09:30
/// Tue 14 → 6 h (21600); L3 git be00003, Thu 16 10:00 → 3 h (10800); L4 a rollback pipeline
/// (<c>undoRolloutManifest</c> on prod-use1) ending 11:30 → rollback_remediation of L3 (S2 on L3, recovered after 1 h 30,
/// 5400), restoring be00002; L5 git be00004, Wed 22 09:00 → only be00004, 3 h (10800): be00003 already counted at L3,
/// its first successful production deployment, rolled back or not.
/// By hand, ledger: 4 deployments on 1/2/1 days → median 1 (high), 0.1905 a day. Lead times 7200 10800 10800 21600 →
/// median 10800 (elite), p90 rank 2.7 → 10800 + 0.7 × 10800 = 18360. CFR 1/4 = 0.25 (low). Recovery 5400 (high).
/// Rework 1 rollback / (4 changes + 1 rollback) = 0.2. Weeks: W15 1, 7200, 0/1; W16 2 deployments on 2 days, lead times
/// 10800 21600 → 16200, CFR 1/2, recovery 5400; W17 1, 10800, 0/1.
/// </para>
/// <para>
/// <b>payments</b>, pooled: 8 deployments; distinct deployment dates 6, 7, 8 / 14, 15, 16 / 20, 22 → 3/3/2 per week,
/// median 3 (high), 8/21 = 0.381 a day. Ten lead times 7200 ×4, 10800, 10800, 16200, 21600, 21600, 183600 → median
/// 10800 (elite), p90 rank 8.1 → 21600 + 0.1 × 162000 = 37800. CFR 3/9 = 0.3333 (low). Recovery 5400 14400 176400 →
/// 14400 (high). Rework 1/10 = 0.1.
/// </para>
/// The inputs arrive out of order (L5 first, the rollback before what it rolls back, C4 before C3, the incident before
/// its execution, ledger's commits after its deployments); at the end Echo delivers C2 once more, late.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_two_applications_send_three_weeks_of_Dora_inputs_through_the_gateway
{
    private const string Window = "from=2026-04-06T00:00:00Z&to=2026-04-27T00:00:00Z";
    private const string Checkout = "checkout";
    private const string Ledger = "ledger";
    private const string Incident = "PD-4711";

    private static readonly DateTimeOffset Monday = new(2026, 4, 6, 0, 0, 0, TimeSpan.Zero);

    // Execution ids are ULID-shaped, as Orca's; the names of the doc comment are their last characters.
    private static readonly Dictionary<string, string> Names = new()
    {
        ["01JR8CHK0000000000000000C0"] = "C0", ["01JR8CHK0000000000000000C1"] = "C1", ["01JR8CHK0000000000000000C2"] = "C2",
        ["01JR8CHK0000000000000000C3"] = "C3", ["01JR8CHK0000000000000000C4"] = "C4", ["01JR8CHK0000000000000000C5"] = "C5",
        ["01JR8LDG0000000000000000L1"] = "L1", ["01JR8LDG0000000000000000L2"] = "L2", ["01JR8LDG0000000000000000L3"] = "L3",
        ["01JR8LDG0000000000000000L4"] = "L4", ["01JR8LDG0000000000000000L5"] = "L5",
    };

    private static string Id(string name) => Names.Single(n => n.Value == name).Key;

    private MeshUnderTest _mesh = null!;
    private readonly Dictionary<string, string> _beforeLateDelivery = [];
    private JsonElement _lateDelivery;

    [OneTimeSetUp]
    public async Task Feed()
    {
        _mesh = await MeshUnderTest.StartAsync();
        using (var put = await _mesh.PutJsonAsync("api/dora/settings", Settings.ToJsonString()))
            Assert.That(put.IsSuccessStatusCode, Is.True, $"PUT settings: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");

        await PostAsync("webhooks/commits", CheckoutCommits);
        await PostAsync("webhooks/incidents", IncidentBody(resolvedAt: null));
        var bodies = Executions();
        foreach (var name in new[] { "L5", "C1", "C0", "L2", "C2", "C4", "L4", "L1", "C3", "L3", "C5" })
            await _mesh.ProcessedAsync(await _mesh.AcceptAsync(bodies[name]));
        await PostAsync("webhooks/commits", LedgerCommits);
        await PostAsync("webhooks/incidents", IncidentBody(resolvedAt: "2026-04-08T20:00:00+02:00"));

        await Eventually.GetAsync(() => _mesh.GetJsonAsync($"api/dora/deployments?application={Checkout}&{Window}"), CheckoutComplete,
            TimeSpan.FromSeconds(90), $"checkout's whole history\n{_mesh.Logs}");
        await Eventually.GetAsync(() => _mesh.GetJsonAsync($"api/dora/deployments?application={Ledger}&{Window}"), LedgerComplete,
            TimeSpan.FromSeconds(90), $"ledger's whole history\n{_mesh.Logs}");

        foreach (var path in SnapshotPaths) _beforeLateDelivery[path] = Comparable(await _mesh.GetJsonAsync(path));
        // Echo delivers C2's terminal event again three days later, as a new Echo event (its own eventId and created).
        var late = JsonNode.Parse(bodies["C2"])!.AsObject();
        late["eventId"] = "3f6b9d2e-8a41-4c7f-b0d5-6e2a9c1f4b87";
        late["details"]!["created"] = Ms(At(5, 14)).ToString(CultureInfo.InvariantCulture);
        _lateDelivery = await _mesh.ProcessedAsync(await _mesh.AcceptAsync(late.ToJsonString()));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _mesh.DisposeAsync();

    [Test]
    public async Task Should_give_checkouts_hand_computed_figures()
    {
        var dora = await _mesh.GetJsonAsync($"api/dora?application={Checkout}&{Window}");
        Assert.Multiple(() =>
        {
            Assert.That((dora.GetProperty("application").GetString(), dora.GetProperty("from").GetString(), dora.GetProperty("to").GetString()),
                Is.EqualTo((Checkout, "2026-04-06T00:00:00.000Z", "2026-04-27T00:00:00.000Z")));
            Assert.That(Headline(dora), Is.EqualTo(new[]
            {
                "deploymentFrequency 4 [2026-W15:2 2026-W16:1 2026-W17:1] median 1 perDay 0.1905 high",
                "leadTimeForChanges 6 median 11700 p90 102600 elite",
                "changeFailureRate 2/5 0.4 low",
                "failedDeploymentRecoveryTime 2 open 0 median 95400 medium",
                "deploymentReworkRate 0/5 0",
            }));
            Assert.That(Weeks(dora), Is.EqualTo(new[]
            {
                "2026-W15 2026-04-06T00:00:00.000Z..2026-04-13T00:00:00.000Z deployments 2 days 2 | lt 3 16200 | cfr 1/2 0.5 | fdrt 1 open 0 14400",
                "2026-W16 2026-04-13T00:00:00.000Z..2026-04-20T00:00:00.000Z deployments 1 days 1 | lt 2 95400 | cfr 1/2 0.5 | fdrt 1 open 0 176400",
                "2026-W17 2026-04-20T00:00:00.000Z..2026-04-27T00:00:00.000Z deployments 1 days 1 | lt 1 7200 | cfr 0/1 0 | fdrt 0 open 0 null",
            }));
            var diagnostics = dora.GetProperty("diagnostics");
            Assert.That(Items(diagnostics, "excludedExecutions", e => $"{Name(e)}:{Text(e, "environment")}:{Text(e, "classification")}"),
                Is.EqualTo(new[] { "C0:staging:non_production_deployment" }));
            Assert.That(Lengths(diagnostics, "deploymentsWithoutChangeInfo", "rollbackRemediations", "noopRedeploys", "unattributedChangeIncidents",
                "nonChangeIncidents", "openFailures", "unmappedAccounts", "duplicateDeliveries"), Is.EqualTo("0 0 0 0 0 0 0 0"));
            Assert.That(diagnostics.GetProperty("negativeLeadTimes").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task Should_give_ledgers_hand_computed_figures()
    {
        var dora = await _mesh.GetJsonAsync($"api/dora?application={Ledger}&{Window}");
        Assert.Multiple(() =>
        {
            Assert.That(Headline(dora), Is.EqualTo(new[]
            {
                "deploymentFrequency 4 [2026-W15:1 2026-W16:2 2026-W17:1] median 1 perDay 0.1905 high",
                "leadTimeForChanges 4 median 10800 p90 18360 elite",
                "changeFailureRate 1/4 0.25 low",
                "failedDeploymentRecoveryTime 1 open 0 median 5400 high",
                "deploymentReworkRate 1/5 0.2",
            }));
            Assert.That(Weeks(dora), Is.EqualTo(new[]
            {
                "2026-W15 2026-04-06T00:00:00.000Z..2026-04-13T00:00:00.000Z deployments 1 days 1 | lt 1 7200 | cfr 0/1 0 | fdrt 0 open 0 null",
                "2026-W16 2026-04-13T00:00:00.000Z..2026-04-20T00:00:00.000Z deployments 2 days 2 | lt 2 16200 | cfr 1/2 0.5 | fdrt 1 open 0 5400",
                "2026-W17 2026-04-20T00:00:00.000Z..2026-04-27T00:00:00.000Z deployments 1 days 1 | lt 1 10800 | cfr 0/1 0 | fdrt 0 open 0 null",
            }));
            var diagnostics = dora.GetProperty("diagnostics");
            Assert.That(Items(diagnostics, "rollbackRemediations",
                    r => $"{Name(r)} {Text(r, "time")} {Text(r, "kind")} remediates {Name(r, "remediates")} restores {Text(r, "restoredVersion")}"),
                Is.EqualTo(new[] { "L4 2026-04-16T11:30:00.000Z rollback_stage remediates L3 restores be00002" }));
            Assert.That(Lengths(diagnostics, "excludedExecutions", "deploymentsWithoutChangeInfo", "openFailures", "duplicateDeliveries"),
                Is.EqualTo("0 0 0 0"));
        });
    }

    [Test]
    public async Task Should_list_checkouts_executions_with_their_changes_signals_and_recoveries()
    {
        var deployments = (await _mesh.GetJsonAsync($"api/dora/deployments?application={Checkout}&{Window}")).GetProperty("deployments");
        Assert.That(deployments.EnumerateArray().Select(Row), Is.EqualTo(new[]
        {
            "C0 non_production_deployment - 2026-W15 staging [] ok - -",
            "C1 successful_production_deployment 2026-04-06T12:00:00.000Z 2026-W15 production ca00002 "
                + "[ca00001@2026-04-06T07:30:00.000Z:16200 ca00002@2026-04-06T10:00:00.000Z:7200] ok - -",
            "C2 successful_production_deployment 2026-04-08T14:00:00.000Z 2026-W15 production ca00003 "
                + "[ca00003@2026-04-08T08:00:00.000Z:21600] failure S1 recovered 2026-04-08T18:00:00.000Z:14400 -",
            "C3 failed_production_deployment 2026-04-13T11:00:00.000Z 2026-W16 production ca00004 "
                + "[] failure S0 recovered 2026-04-15T12:00:00.000Z:176400 -",
            "C4 successful_production_deployment 2026-04-15T12:00:00.000Z 2026-W16 production ca00005 "
                + "[ca00004@2026-04-13T09:00:00.000Z:183600 ca00005@2026-04-15T10:00:00.000Z:7200] ok - -",
            "C5 successful_production_deployment 2026-04-20T00:00:00.000Z 2026-W17 production ca00006 "
                + "[ca00006@2026-04-19T22:00:00.000Z:7200] ok - -",
        }));

        var byName = deployments.EnumerateArray().ToDictionary(r => Name(r));
        var s1 = byName["C2"].GetProperty("failureSignals")[0].GetProperty("evidence");
        var s0 = byName["C3"].GetProperty("failureSignals")[0].GetProperty("evidence");
        var production = (await _mesh.GetJsonAsync($"api/dora/deployments?application={Checkout}&environment=production&{Window}"))
            .GetProperty("deployments").EnumerateArray().Select(r => Name(r));
        Assert.Multiple(() =>
        {
            Assert.That((Text(s1, "incidentId"), s1.GetProperty("secondsAfterDeployment").GetDouble()), Is.EqualTo((Incident, 3600.0)),
                "the incident names C2 and started an hour after it");
            Assert.That((Text(s0, "stageId"), Text(s0, "stageType"), Text(s0, "stageStatus")),
                Is.EqualTo(($"{Id("C3")}-smoke", "runJobManifest", "TERMINAL")), "the stage that failed C3 after its deploy");
            Assert.That(production, Is.EqualTo(new[] { "C1", "C2", "C3", "C4", "C5" }), "the staging-only run is in no production environment");
        });
    }

    [Test]
    public async Task Should_list_ledgers_executions_with_the_rollback_and_what_it_remediates()
    {
        var deployments = (await _mesh.GetJsonAsync($"api/dora/deployments?application={Ledger}&{Window}")).GetProperty("deployments");
        Assert.That(deployments.EnumerateArray().Select(Row), Is.EqualTo(new[]
        {
            "L1 successful_production_deployment 2026-04-07T10:00:00.000Z 2026-W15 production be00001 [be00001@2026-04-07T08:00:00.000Z:7200] ok - -",
            "L2 successful_production_deployment 2026-04-14T09:30:00.000Z 2026-W16 production be00002 [be00002@2026-04-14T03:30:00.000Z:21600] ok - -",
            "L3 successful_production_deployment 2026-04-16T10:00:00.000Z 2026-W16 production be00003 "
                + "[be00003@2026-04-16T07:00:00.000Z:10800] failure S2 recovered 2026-04-16T11:30:00.000Z:5400 -",
            "L4 rollback_remediation 2026-04-16T11:30:00.000Z 2026-W16 production [] ok - L3",
            "L5 successful_production_deployment 2026-04-22T09:00:00.000Z 2026-W17 production be00004 [be00004@2026-04-22T06:00:00.000Z:10800] ok - -",
        }));

        var s2 = deployments.EnumerateArray().Single(r => Name(r) == "L3").GetProperty("failureSignals")[0].GetProperty("evidence");
        Assert.That((Name(s2, "remediationExecutionId"), s2.GetProperty("secondsAfterDeployment").GetDouble()), Is.EqualTo(("L4", 5400.0)));
    }

    [Test]
    public async Task Should_pool_the_teams_applications()
    {
        var team = await _mesh.GetJsonAsync($"api/dora/teams?team=payments&{Window}");
        Assert.Multiple(() =>
        {
            Assert.That(team.GetProperty("applications").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { Checkout, Ledger }));
            Assert.That(team.GetProperty("pooling").GetString(), Does.StartWith("pooled"));
            Assert.That(Headline(team), Is.EqualTo(new[]
            {
                "deploymentFrequency 8 [2026-W15:3 2026-W16:3 2026-W17:2] median 3 perDay 0.381 high",
                "leadTimeForChanges 10 median 10800 p90 37800 elite",
                "changeFailureRate 3/9 0.3333 low",
                "failedDeploymentRecoveryTime 3 open 0 median 14400 high",
                "deploymentReworkRate 1/10 0.1",
            }));
            // W15: lead times 7200 16200 21600 (checkout) and 7200 (ledger); W16: 7200 183600 and 21600 10800, recoveries
            // 176400 and 5400 → 90900; W17: 7200 and 10800 → 9000.
            Assert.That(Weeks(team), Is.EqualTo(new[]
            {
                "2026-W15 2026-04-06T00:00:00.000Z..2026-04-13T00:00:00.000Z deployments 3 days 3 | lt 4 11700 | cfr 1/3 0.3333 | fdrt 1 open 0 14400",
                "2026-W16 2026-04-13T00:00:00.000Z..2026-04-20T00:00:00.000Z deployments 3 days 3 | lt 4 16200 | cfr 2/4 0.5 | fdrt 2 open 0 90900",
                "2026-W17 2026-04-20T00:00:00.000Z..2026-04-27T00:00:00.000Z deployments 2 days 2 | lt 2 9000 | cfr 0/2 0 | fdrt 0 open 0 null",
            }));
            Assert.That(team.GetProperty("perApplication").EnumerateArray().Select(a =>
                    $"{Text(a, "application")} {string.Join(" | ", Headline(a))}"),
                Is.EqualTo(new[]
                {
                    "checkout deploymentFrequency 4 [2026-W15:2 2026-W16:1 2026-W17:1] median 1 perDay 0.1905 high | leadTimeForChanges 6 median 11700 p90 102600 elite"
                        + " | changeFailureRate 2/5 0.4 low | failedDeploymentRecoveryTime 2 open 0 median 95400 medium | deploymentReworkRate 0/5 0",
                    "ledger deploymentFrequency 4 [2026-W15:1 2026-W16:2 2026-W17:1] median 1 perDay 0.1905 high | leadTimeForChanges 4 median 10800 p90 18360 elite"
                        + " | changeFailureRate 1/4 0.25 low | failedDeploymentRecoveryTime 1 open 0 median 5400 high | deploymentReworkRate 1/5 0.2",
                }));
        });
    }

    [Test]
    public async Task Should_change_nothing_when_Echo_delivers_an_execution_again_late()
    {
        var now = new Dictionary<string, string>();
        foreach (var path in SnapshotPaths) now[path] = Comparable(await _mesh.GetJsonAsync(path));
        Assert.Multiple(() =>
        {
            // Ingest recognises the terminal state it already stored (same execution, status and end): nothing is published.
            Assert.That((Text(_lateDelivery, "status"), _lateDelivery.GetProperty("eventsAppended").GetInt32(),
                _lateDelivery.GetProperty("eventsAlreadyStored").GetInt32()), Is.EqualTo(("stored", 0, 1)));
            foreach (var path in SnapshotPaths) Assert.That(now[path], Is.EqualTo(_beforeLateDelivery[path]), path);
        });
    }

    // -----------------------------------------------------------------------------------------------------------------
    // What goes in

    private static JsonObject Settings => new()
    {
        ["accountEnvironments"] = new JsonObject { ["prod-use1"] = "production", ["prod-euw1"] = "production", ["staging-k8s"] = "staging" },
        ["baselines"] = new JsonObject
        {
            [Checkout] = new JsonObject { ["sha"] = "ca00000", ["deployedAt"] = null },
            [Ledger] = new JsonObject { ["sha"] = "be00000", ["deployedAt"] = null },
        },
        ["teams"] = new JsonObject { ["payments"] = new JsonArray(Checkout, Ledger) },
    };

    private static JsonObject CheckoutCommits => Commits(Checkout, "shop/checkout",
        ("ca00000", "2026-03-30T10:00:00Z"), ("ca00001", "2026-04-06T09:30:00+02:00"), ("ca00002", "2026-04-06T10:00:00Z"),
        ("ca00003", "2026-04-08T08:00:00Z"), ("ca00004", "2026-04-13T09:00:00Z"), ("ca00005", "2026-04-15T10:00:00Z"),
        ("ca00006", "2026-04-19T18:00:00-04:00"));

    private static JsonObject LedgerCommits => Commits(Ledger, "shop/ledger",
        ("be00000", "2026-03-30T09:00:00Z"), ("be00001", "2026-04-07T08:00:00Z"), ("be00002", "2026-04-14T09:00:00+05:30"),
        ("be00003", "2026-04-16T07:00:00Z"), ("be00004", "2026-04-22T06:00:00Z"));

    /// <summary>The generic commits body; each commit's parent is the one listed before it.</summary>
    private static JsonObject Commits(string application, string repository, params (string Sha, string AuthoredAt)[] commits) => new()
    {
        ["application"] = application,
        ["repository"] = repository,
        ["commits"] = new JsonArray([.. commits.Select((c, i) => (JsonNode)new JsonObject
        {
            ["sha"] = c.Sha,
            ["parents"] = i == 0 ? new JsonArray() : new JsonArray(commits[i - 1].Sha),
            ["authoredAt"] = c.AuthoredAt,
        })]),
    };

    private static JsonObject IncidentBody(string? resolvedAt) => new()
    {
        ["incidentId"] = Incident,
        ["application"] = Checkout,
        ["source"] = "pagerduty",
        ["changeCaused"] = true,
        ["linkedExecutionId"] = Id("C2"),
        ["startedAt"] = "2026-04-08T15:00:00Z",
        ["resolvedAt"] = resolvedAt,
    };

    private async Task PostAsync(string path, JsonObject body)
    {
        using var response = await _mesh.PostJsonAsync(path, body.ToJsonString());
        Assert.That((int)response.StatusCode, Is.EqualTo(202), $"POST {path}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The Echo body of each execution's terminal event, by its name in the doc comment.</summary>
    private static Dictionary<string, string> Executions() => new()
    {
        ["C0"] = Pipeline("C0", "Deploy checkout to staging", Git("checkout", "ca00002"), Deploy("C0", "1", "staging-k8s", At(0, 11))),
        ["C1"] = Pipeline("C1", "Deploy checkout", Git("checkout", "ca00002"),
            Deploy("C1", "1", "staging-k8s", At(0, 11.5)), Deploy("C1", "2", "prod-use1", At(0, 12), after: "1")),
        ["C2"] = Pipeline("C2", "Deploy checkout", Jenkins("checkout", 311, "ca00003"), Deploy("C2", "1", "prod-use1", At(2, 14))),
        ["C3"] = Pipeline("C3", "Deploy checkout", Git("checkout", "ca00004"),
            Deploy("C3", "1", "prod-use1", At(7, 11)), SmokeTests("C3", "2", At(7, 11), At(7, 11.25), after: "1")),
        ["C4"] = Pipeline("C4", "Deploy checkout", Git("checkout", "ca00005"),
            Deploy("C4", "1", "prod-use1", At(9, 11 + 40 / 60.0)), Deploy("C4", "2", "prod-euw1", At(9, 12))),
        ["C5"] = Pipeline("C5", "Deploy checkout", Manual("gitSha", "ca00006"), Deploy("C5", "1", "prod-use1", At(14, 0))),
        ["L1"] = Pipeline("L1", "Deploy ledger", Git("ledger", "be00001"), Deploy("L1", "1", "prod-use1", At(1, 10))),
        ["L2"] = Pipeline("L2", "Deploy ledger", Jenkins("ledger", 87, "be00002"),
            Deploy("L2", "1", "staging-k8s", At(8, 8.5)), Deploy("L2", "2", "prod-use1", At(8, 9.5), after: "1")),
        ["L3"] = Pipeline("L3", "Deploy ledger", Git("ledger", "be00003"), Deploy("L3", "1", "prod-use1", At(10, 10))),
        ["L4"] = Pipeline("L4", "Rollback ledger (production)", ByHand("bob@example.com"), UndoRollout("L4", "prod-use1", At(10, 11.5))),
        ["L5"] = Pipeline("L5", "Deploy ledger", Git("ledger", "be00004"), Deploy("L5", "1", "prod-use1", At(16, 9))),
    };

    /// <summary>C0–C5 are checkout's executions, L1–L5 ledger's.</summary>
    private static string ApplicationOf(string name) => name[0] == 'C' ? Checkout : Ledger;

    private static DateTimeOffset At(double day, double hour) => Monday.AddDays(day).AddHours(hour);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>
    /// <c>orca:pipeline:complete</c> (or <c>:failed</c> when a stage ended TERMINAL, the execution then TERMINAL): the
    /// execution starts a minute before its first stage and ends a minute after its last.
    /// </summary>
    private static string Pipeline(string name, string pipelineName, JsonObject trigger, params JsonObject[] stages)
    {
        var application = ApplicationOf(name);
        var start = stages.Min(s => s["startTime"]!.GetValue<long>()) - 60_000;
        var end = stages.Max(s => s["endTime"]!.GetValue<long>()) + 60_000;
        var failed = stages.Any(s => s["status"]!.GetValue<string>() == "TERMINAL");
        var execution = ExecutionNode(Id(name), pipelineName, failed ? "TERMINAL" : "SUCCEEDED", start, end, trigger, application, stages);
        execution["pipelineConfigId"] = $"cfg-{application}-{(pipelineName.StartsWith("Rollback", StringComparison.Ordinal) ? "rollback" : "deploy")}";
        return Event(failed ? "orca:pipeline:failed" : "orca:pipeline:complete", ExecutionContent(execution), end + 120, application);
    }

    /// <summary>A <c>deployManifest</c> stage to <paramref name="account"/> that ran the five minutes before <paramref name="end"/>.</summary>
    private static JsonObject Deploy(string execution, string refId, string account, DateTimeOffset end, string? after = null)
    {
        var (from, to) = (Ms(end.AddMinutes(-5)), Ms(end));
        var context = new JsonObject
        {
            ["account"] = account,
            ["cloudProvider"] = "kubernetes",
            ["moniker"] = new JsonObject { ["app"] = ApplicationOf(execution) },
            ["source"] = "text",
        };
        return StageNode($"{Id(execution)}-{account}", refId, "deployManifest", $"Deploy to {account}", "SUCCEEDED", from, to, context,
            [TaskNode("1", "deployManifest", "SUCCEEDED", from + 1_000, from + 30_000),
             TaskNode("2", "waitForManifestToStabilize", "SUCCEEDED", from + 31_000, to - 1_000)],
            requisite: after is null ? null : [after]);
    }

    /// <summary>A smoke-test job after the production deploy that fails (TERMINAL), failing the execution.</summary>
    private static JsonObject SmokeTests(string execution, string refId, DateTimeOffset start, DateTimeOffset end, string after)
    {
        var context = new JsonObject
        {
            ["account"] = "prod-use1",
            ["cloudProvider"] = "kubernetes",
            ["exception"] = new JsonObject { ["details"] = new JsonObject { ["errors"] = new JsonArray("Job checkout-smoke-tests failed: 3 of 41 checks failed") } },
        };
        return StageNode($"{Id(execution)}-smoke", refId, "runJobManifest", "Smoke tests", "TERMINAL", Ms(start), Ms(end), context,
            [TaskNode("1", "runJob", "SUCCEEDED", Ms(start) + 1_000, Ms(start) + 5_000), TaskNode("2", "waitOnJobCompletion", "TERMINAL", Ms(start) + 6_000, Ms(end) - 1_000)],
            requisite: [after]);
    }

    /// <summary>An <c>undoRolloutManifest</c> stage (one revision back) on <paramref name="account"/>.</summary>
    private static JsonObject UndoRollout(string execution, string account, DateTimeOffset end)
    {
        var (from, to) = (Ms(end.AddMinutes(-3)), Ms(end));
        var context = new JsonObject
        {
            ["account"] = account, ["cloudProvider"] = "kubernetes", ["location"] = "ledger", ["manifestName"] = "deployment ledger-api",
            ["mode"] = "static", ["numRevisionsBack"] = 1,
        };
        return StageNode($"{Id(execution)}-undo", "1", "undoRolloutManifest", "Undo rollout", "SUCCEEDED", from, to, context,
            [TaskNode("1", "undoRolloutManifest", "SUCCEEDED", from + 1_000, from + 20_000),
             TaskNode("2", "waitForManifestToStabilize", "SUCCEEDED", from + 21_000, to - 1_000)]);
    }

    /// <summary>Orca's <c>GitTrigger</c> after a push to main.</summary>
    private static JsonObject Git(string slug, string sha) => Trigger("git", "[anonymous]", new JsonObject(),
        ("source", "github"), ("project", "shop"), ("slug", slug), ("branch", "main"), ("hash", sha), ("action", "push"));

    /// <summary>A Jenkins trigger whose build Igor read: the revision is in <c>buildInfo.scm[].sha1</c>.</summary>
    private static JsonObject Jenkins(string job, int build, string sha)
    {
        var trigger = Trigger("jenkins", "[anonymous]", new JsonObject(), ("master", "ci"), ("job", $"{job}-build"), ("buildNumber", build));
        trigger["buildInfo"] = new JsonObject
        {
            ["name"] = $"{job}-build",
            ["number"] = build,
            ["url"] = $"https://ci.example.com/job/{job}-build/{build}/",
            ["result"] = "SUCCESS",
            ["scm"] = new JsonArray(new JsonObject { ["name"] = "origin/main", ["branch"] = "main", ["sha1"] = sha }),
            ["building"] = false,
        };
        return trigger;
    }

    /// <summary>A manual run naming the revision in a trigger parameter (one of <c>commitShaParameterKeys</c>).</summary>
    private static JsonObject Manual(string parameter, string sha) =>
        Trigger("manual", Alice, new JsonObject { [parameter] = sha, ["imageTag"] = "2.14.0" });

    /// <summary>Someone started the pipeline from Deck, without parameters.</summary>
    private static JsonObject ByHand(string user) => Trigger("manual", user, new JsonObject());

    private static JsonObject Trigger(string type, string user, JsonObject parameters, params (string Key, JsonNode? Value)[] members)
    {
        var trigger = new JsonObject
        {
            ["type"] = type, ["correlationId"] = null, ["user"] = user, ["parameters"] = parameters, ["artifacts"] = new JsonArray(),
            ["notifications"] = new JsonArray(), ["resolvedExpectedArtifacts"] = new JsonArray(), ["rebake"] = false, ["dryRun"] = false,
            ["strategy"] = false,
        };
        foreach (var (key, value) in members) trigger[key] = value;
        return trigger;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // What comes out, as text that reads like the doc comment

    private static IEnumerable<string> SnapshotPaths =>
    [
        $"api/dora?application={Checkout}&{Window}", $"api/dora?application={Ledger}&{Window}",
        $"api/dora/deployments?application={Checkout}&{Window}", $"api/dora/deployments?application={Ledger}&{Window}",
        $"api/dora/teams?team=payments&{Window}",
    ];

    private static bool CheckoutComplete(JsonElement response)
    {
        var rows = response.GetProperty("deployments").EnumerateArray().ToDictionary(r => Name(r));
        return rows.Count == 6
               && rows["C1"].GetProperty("changeSet").GetArrayLength() == 2
               && rows["C2"].GetProperty("recovery").ValueKind == JsonValueKind.Object
               && rows["C3"].GetProperty("changeFailure").GetBoolean();
    }

    private static bool LedgerComplete(JsonElement response)
    {
        var rows = response.GetProperty("deployments").EnumerateArray().ToDictionary(r => Name(r));
        return rows.Count == 5
               && rows["L5"].GetProperty("changeSet").GetArrayLength() > 0
               && rows["L3"].GetProperty("changeFailure").GetBoolean();
    }

    /// <summary>The five figures of <c>/api/dora</c> or a team roll-up, one line each.</summary>
    private static string[] Headline(JsonElement figures)
    {
        var df = figures.GetProperty("deploymentFrequency");
        var lt = figures.GetProperty("leadTimeForChanges");
        var cfr = figures.GetProperty("changeFailureRate");
        var fdrt = figures.GetProperty("failedDeploymentRecoveryTime");
        var rework = figures.GetProperty("deploymentReworkRate");
        var days = string.Join(" ", df.GetProperty("deploymentDaysPerWeek").EnumerateArray().Select(w => $"{Text(w, "isoWeek")}:{Num(w, "deploymentDays")}"));
        return
        [
            $"deploymentFrequency {Num(df, "deployments")} [{days}] median {Num(df, "medianDeploymentDaysPerWeek")} perDay {Num(df, "deploymentsPerDay")} {Text(df, "tier")}",
            $"leadTimeForChanges {Num(lt, "changes")} median {Num(lt, "medianSeconds")} p90 {Num(lt, "p90Seconds")} {Text(lt, "tier")}",
            $"changeFailureRate {Num(cfr, "failedDeployments")}/{Num(cfr, "deployments")} {Num(cfr, "rate")} {Text(cfr, "tier")}",
            $"failedDeploymentRecoveryTime {Num(fdrt, "recovered")} open {Num(fdrt, "open")} median {Num(fdrt, "medianSeconds")} {Text(fdrt, "tier")}",
            $"deploymentReworkRate {Num(rework, "remediations")}/{Num(rework, "deployments")} {Num(rework, "rate")}",
        ];
    }

    private static IEnumerable<string> Weeks(JsonElement figures) => figures.GetProperty("weeks").EnumerateArray().Select(w =>
    {
        var df = w.GetProperty("deploymentFrequency");
        var lt = w.GetProperty("leadTimeForChanges");
        var cfr = w.GetProperty("changeFailureRate");
        var fdrt = w.GetProperty("failedDeploymentRecoveryTime");
        return $"{Text(w, "isoWeek")} {Text(w, "weekStart")}..{Text(w, "weekEnd")} deployments {Num(df, "deployments")} days {Num(df, "deploymentDays")}"
               + $" | lt {Num(lt, "changes")} {Num(lt, "medianSeconds")} | cfr {Num(cfr, "failedDeployments")}/{Num(cfr, "deployments")} {Num(cfr, "rate")}"
               + $" | fdrt {Num(fdrt, "recovered")} open {Num(fdrt, "open")} {Num(fdrt, "medianSeconds")}";
    }).ToList();

    /// <summary>
    /// One row of <c>/api/dora/deployments</c>: name, class, deployment time, week, environment, deployed sha (changes
    /// only), change set by commit time, signals, recovery and what it remediates.
    /// </summary>
    private static string Row(JsonElement row)
    {
        var change = Text(row, "classification") is "successful_production_deployment" or "failed_production_deployment";
        var changes = string.Join(" ", row.GetProperty("changeSet").EnumerateArray()
            .Select(c => $"{Text(c, "sha")}@{Text(c, "commitTime")}:{Num(c, "leadTimeSeconds")}"));
        var failure = row.GetProperty("changeFailure").GetBoolean()
            ? "failure " + string.Join("+", row.GetProperty("failureSignals").EnumerateArray().Select(s => Text(s, "signal")))
            : "ok";
        var recovery = row.GetProperty("recovery") is { ValueKind: JsonValueKind.Object } r ? $"recovered {Text(r, "time")}:{Num(r, "seconds")}" : "-";
        var parts = new List<string> { Name(row), Text(row, "classification"), Text(row, "deploymentTime"), Text(row, "isoWeek"), Text(row, "environment") };
        if (change) parts.Add(Text(row, "deployedSha"));
        parts.AddRange([$"[{changes}]", failure, recovery, Name(row, "remediates")]);
        return string.Join(" ", parts);
    }

    private static IEnumerable<string> Items(JsonElement diagnostics, string name, Func<JsonElement, string> describe) =>
        diagnostics.GetProperty(name).EnumerateArray().Select(describe).ToList();

    private static string Lengths(JsonElement diagnostics, params string[] names) =>
        string.Join(" ", names.Select(n => diagnostics.GetProperty(n).GetArrayLength()));

    /// <summary>The name of the execution a member names (<c>-</c> for null).</summary>
    private static string Name(JsonElement element, string member = "executionId") =>
        Text(element, member) is var id && Names.TryGetValue(id, out var name) ? name : id;

    private static string Text(JsonElement element, string member) =>
        element.GetProperty(member) is { ValueKind: JsonValueKind.String } s ? s.GetString()! : "-";

    private static string Num(JsonElement element, string member) =>
        element.GetProperty(member) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble().ToString(CultureInfo.InvariantCulture) : "null";

    /// <summary>A response without its <c>asOf</c> (the time it was computed), for comparing two readings.</summary>
    private static string Comparable(JsonElement response)
    {
        var node = JsonNode.Parse(response.GetRawText())!.AsObject();
        node.Remove("asOf");
        if (node["diagnostics"] is JsonObject diagnostics && diagnostics["openFailures"] is JsonArray open)
            foreach (var failure in open.OfType<JsonObject>()) failure.Remove("ageSeconds");
        return node.ToJsonString();
    }
}
