using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Statistics;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// shop's gates in March:
/// <code>
/// pipeline  gate kind        stage name     waits and decisions
/// deploy    manualJudgment   Approve prod   60 s continue (alice), 120 s CONTINUE (bob), 300 s stop (alice),
///                                           waiting, waiting after a judgment was reset to "", 30 s CANCELED undecided
/// deploy    wait             Soak           600 s, 600 s
/// deploy    executionWindow  Deploy window  3600 s
/// smoke     wait             Pause          10 s
/// release   manualJudgment   Sign off       12 x 1 s continue, by j01..j12
/// </code>
/// Plus a February Soak, another tenant's judgment and billing's Soak.
/// </summary>
public sealed class When_pipelines_wait_on_gates : StatisticsSpec
{
    [OneTimeSetUp]
    public async Task Given_gate_stages()
    {
        await InsertAsync(
            Judgment("j1", "SUCCEEDED", 60, "continue", "alice"),
            Judgment("j2", "SUCCEEDED", 120, "CONTINUE", "bob"),
            Judgment("j3", "TERMINAL", 300, "stop", "alice"),
            Judgment("j4", "RUNNING", null, null, null),
            Judgment("j5", "RUNNING", null, "", null),
            Judgment("j6", "CANCELED", 30, null, null),
            Gate("w1", "wait", "Soak", 600), Gate("w2", "wait", "Soak", 600),
            Gate("x1", "executionWindow", "Deploy window", 3600) with { Type = "restrictExecutionDuringTimeWindow" },
            Gate("p1", "wait", "Pause", 10) with { Pipeline = "smoke" },
            Gate("w-feb", "wait", "Soak", 9000) with { ExecutionStart = February(10) },
            Judgment("g1", "SUCCEEDED", 99_999, "continue", "mallory") with { Tenant = OtherTenant },
            Gate("w-billing", "wait", "Soak", 5) with { Application = "billing" });
        // Judges j12 down to j01, so that the ten reported are chosen by name, not by insertion order.
        await InsertAsync([.. Enumerable.Range(1, 12).Reverse().Select(i =>
            Judgment($"r{i}", "SUCCEEDED", 1, "continue", $"j{i:00}") with { Pipeline = "release", Name = "Sign off" })]);
    }

    private static StageRow Gate(string id, string kind, string name, double? seconds, string status = "SUCCEEDED") =>
        new StageRow($"exec-{id}", id, status, March(4), seconds) { Type = kind, Name = name, GateKind = kind };

    private static StageRow Judgment(string id, string status, double? seconds, string? decision, string? judge) =>
        Gate(id, "manualJudgment", "Approve prod", seconds, status) with { JudgmentStatus = decision, JudgedBy = judge };

    private Task<GateStatsReport> QueryAsync(string? application = "shop", string? pipeline = null, string tenant = Tenant, StatisticsWindow? window = null) =>
        new GateStatistics(DataSource).QueryAsync(tenant, new GateStatsFilter(application, pipeline, window ?? Window), CancellationToken.None);

    private static GateStats Find(GateStatsReport report, string pipeline, string kind) =>
        report.Gates.Single(g => g.Pipeline == pipeline && g.GateKind == kind);

    [Test]
    public async Task Should_give_wait_percentiles_of_finished_judgments()
    {
        var judgment = Find(await QueryAsync(), "deploy", "manualJudgment");

        // 6 judgments; waits of the 4 finished: 30, 60, 120, 300 s. p50: 60 + 0.5 * 60 = 90 s;
        // p95: position 2.85 -> 120 + 0.85 * 180 = 273 s; max 300 s.
        Assert.That(judgment.Count, Is.EqualTo(6));
        Assert.That(judgment.WaitMs, Is.EqualTo(new WaitFigures(90_000, 273_000, 300_000)));
    }

    [Test]
    public async Task Should_count_judgment_outcomes()
    {
        var judgment = Find(await QueryAsync(), "deploy", "manualJudgment");

        // continue and CONTINUE; one stop; two still waiting (one reset to ""); the canceled one was never decided.
        Assert.That(judgment.Outcomes, Is.EqualTo(new JudgmentOutcomes(Continue: 2, Stop: 1, Pending: 2, NoDecision: 1)));
        Assert.That(judgment.Judges, Is.EqualTo(new[] { "alice", "bob" }));
    }

    [Test]
    public async Task Should_name_at_most_ten_judges_alphabetically()
    {
        var signOff = Find(await QueryAsync(), "release", "manualJudgment");

        Assert.That(signOff.Judges, Is.EqualTo(Enumerable.Range(1, 10).Select(i => $"j{i:00}")));
    }

    [Test]
    public async Task Should_give_other_gate_kinds_waits_without_judgments()
    {
        var report = await QueryAsync();

        // Soak: 600 s twice (February's 9000 s and billing's 5 s are elsewhere).
        var soak = Find(report, "deploy", "wait");
        Assert.That((soak.Count, soak.WaitMs, soak.Outcomes, soak.Judges),
            Is.EqualTo((2L, new WaitFigures(600_000, 600_000, 600_000), (JudgmentOutcomes?)null, (IReadOnlyList<string>?)null)));
        Assert.That(Find(report, "deploy", "executionWindow").WaitMs, Is.EqualTo(new WaitFigures(3_600_000, 3_600_000, 3_600_000)));
        Assert.That(report.Gates, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Should_rank_bottlenecks_by_total_wait()
    {
        var report = await QueryAsync();

        // Deploy window 3600 s; Soak 2 x 600 = 1200 s; Approve prod 30 + 60 + 120 + 300 = 510 s over 4 finished;
        // Sign off 12 x 1 = 12 s; Pause 10 s.
        Assert.That(report.Bottlenecks, Is.EqualTo(new[]
        {
            new GateBottleneck("shop", "deploy", "executionWindow", "Deploy window", 1, 3_600_000),
            new GateBottleneck("shop", "deploy", "wait", "Soak", 2, 1_200_000),
            new GateBottleneck("shop", "deploy", "manualJudgment", "Approve prod", 4, 510_000),
            new GateBottleneck("shop", "release", "manualJudgment", "Sign off", 12, 12_000),
            new GateBottleneck("shop", "smoke", "wait", "Pause", 1, 10_000),
        }));
    }

    [Test]
    public async Task Should_filter_by_pipeline()
    {
        var report = await QueryAsync(pipeline: "smoke");

        Assert.That(report.Gates.Select(g => (g.Pipeline, g.GateKind, g.Count)), Is.EqualTo(new[] { ((string?)"smoke", "wait", 1L) }));
        Assert.That(report.Bottlenecks.Select(b => b.StageName), Is.EqualTo(new[] { "Pause" }));
    }

    [Test]
    public async Task Should_include_every_application_when_none_is_given()
    {
        var report = await QueryAsync(application: null);

        Assert.That(report.Gates.Single(g => g.Application == "billing").WaitMs!.Max, Is.EqualTo(5_000));
        Assert.That(report.Bottlenecks.Last().Application, Is.EqualTo("billing"));
    }

    [Test]
    public async Task Should_count_only_gates_of_executions_started_in_the_window()
    {
        var february = await QueryAsync(window: new StatisticsWindow(From.AddMonths(-1), From));

        Assert.That(february.Bottlenecks.Select(b => (b.StageName, b.TotalWaitMs)), Is.EqualTo(new[] { ((string?)"Soak", 9_000_000L) }));
    }

    [Test]
    public async Task Should_keep_tenants_apart()
    {
        var other = await QueryAsync(tenant: OtherTenant);

        var judgment = other.Gates.Single();
        Assert.That((judgment.Count, judgment.Judges), Is.EqualTo((1L, (IReadOnlyList<string>?)new[] { "mallory" })));
    }

    [Test]
    public async Task Should_answer_the_same_figures_over_http()
    {
        var host = await HostAsync();

        var (status, _, body) = await host.GetAsync("/api/gates?application=shop&pipeline=deploy&from=2025-03-01&to=2025-04-01");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var judgment = body["gates"]!.AsArray().Single(g => g!["gateKind"]!.GetValue<string>() == "manualJudgment")!;
        Assert.That(judgment["waitMs"]!["p95"]!.GetValue<long>(), Is.EqualTo(273_000));
        Assert.That(judgment["outcomes"]!["noDecision"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(judgment["judges"]!.AsArray().Select(j => j!.GetValue<string>()), Is.EqualTo(new[] { "alice", "bob" }));
        var wait = body["gates"]!.AsArray().Single(g => g!["gateKind"]!.GetValue<string>() == "wait")!.AsObject();
        Assert.That(wait.ContainsKey("outcomes") || wait.ContainsKey("judges"), Is.False, "only manual judgments have outcomes and judges");
        Assert.That(body["bottlenecks"]!.AsArray().Select(b => b!["totalWaitMs"]!.GetValue<long>()), Is.EqualTo(new[] { 3_600_000L, 1_200_000L, 510_000L }));
    }

    [Test]
    public async Task Should_answer_400_for_an_unreadable_window_over_http()
    {
        var host = await HostAsync();

        var (status, type, _) = await host.GetAsync("/api/gates?application=shop&to=2025-02-30");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.BadRequest, "application/problem+json")));
    }
}
