using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Statistics;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// shop/deploy in March: 100 s and 200 s SUCCEEDED, 300 s TERMINAL, 400 s CANCELED, one RUNNING. Around it, rows
/// that must not count: a February run, a run starting exactly at the window's end, an orchestration, another
/// tenant's and another application's runs.
/// </summary>
public sealed class When_an_application_has_runs_of_several_pipelines : StatisticsSpec
{
    private readonly List<Guid> _deployRegressions = [];

    private static readonly ExecutionRow E1 = new("e1", "SUCCEEDED", March(2), 100);
    private static readonly ExecutionRow E2 = new("e2", "SUCCEEDED", March(3), 200);
    private static readonly ExecutionRow E3 = new("e3", "TERMINAL", March(4), 300);
    private static readonly ExecutionRow E4 = new("e4", "CANCELED", March(5), 400);
    private static readonly ExecutionRow E5 = new("e5", "RUNNING", March(6), null);
    private static readonly ExecutionRow InFebruary = new("e0", "SUCCEEDED", February(20), 50);
    private static readonly ExecutionRow AtTheEnd = new("e-end", "TERMINAL", To, 10);
    private static readonly ExecutionRow Orchestration = new("o1", "SUCCEEDED", March(2), 1000) { Type = "ORCHESTRATION" };
    private static readonly ExecutionRow OfOtherTenant = new("g1", "TERMINAL", March(2), 999) { Tenant = OtherTenant };
    private static readonly ExecutionRow OfOtherApplication = new("b1", "TERMINAL", March(2), 10) { Application = "billing" };

    [OneTimeSetUp]
    public async Task Given_runs_stages_and_regressions()
    {
        var smoke = new ExecutionRow("s1", "SUCCEEDED", March(7), 60) { Pipeline = "smoke" };
        var nightly = new ExecutionRow("n1", "RUNNING", March(8), null) { Pipeline = "nightly" };
        await InsertAsync(E1, E2, E3, E4, E5, InFebruary, AtTheEnd, Orchestration, OfOtherTenant, OfOtherApplication, smoke, nightly);

        // Bake ("1") runs first for 10/20/30/40 s, then Deploy ("2") for 60/120/90/30 s ending SUCCEEDED, SUCCEEDED,
        // TERMINAL, CANCELED. e1's Deploy has a failed synthetic child, which is no top-level stage.
        await InsertAsync(
            Bake(E1, "SUCCEEDED", 10), Deploy(E1, "SUCCEEDED", 60),
            E1.Stage("e1-csg", "TERMINAL", 5, 11) with { RefId = "2<1", Type = "createServerGroup", Name = "Create", ParentStageId = "e1-2" },
            Bake(E2, "SUCCEEDED", 20), Deploy(E2, "SUCCEEDED", 120),
            Bake(E3, "SUCCEEDED", 30), Deploy(E3, "TERMINAL", 90),
            Bake(E4, "SUCCEEDED", 40), Deploy(E4, "CANCELED", 30),
            Bake(E5, "RUNNING", null),
            Bake(InFebruary, "TERMINAL", 500),
            Bake(Orchestration, "TERMINAL", 999),
            Bake(OfOtherTenant, "TERMINAL", 999));

        // 21 regressions of deploy in March, an hour apart (the oldest falls off the 20), one in February, one of
        // another tenant's deploy; smoke got slower as a whole (no stage).
        for (var i = 0; i <= 20; i++)
        {
            var id = Guid.CreateVersion7();
            _deployRegressions.Add(id);
            await InsertAsync(new RegressionRow(id, March(10, i))
            {
                StageRefId = "2", StageName = "Deploy", DetectedBy = $"run-{i}",
                BaselineMedianMs = 60_000, RecentMedianMs = 108_000, Ratio = 1.8, PValue = (i + 1) / 1000.0,
            });
        }
        await InsertAsync(
            new RegressionRow(Guid.CreateVersion7(), February(25)),
            new RegressionRow(Guid.CreateVersion7(), March(20)) { Tenant = OtherTenant },
            new RegressionRow(Guid.CreateVersion7(), March(12)) { Pipeline = "smoke", DetectedBy = "s1" });
    }

    private static StageRow Bake(ExecutionRow e, string status, double? seconds) =>
        e.Stage($"{e.Id}-1", status, seconds) with { RefId = "1", Type = "bake", Name = "Bake" };

    private static StageRow Deploy(ExecutionRow e, string status, double? seconds) =>
        e.Stage($"{e.Id}-2", status, seconds, offsetSeconds: 45) with { RefId = "2", Type = "deploy", Name = "Deploy" };

    private Task<PipelineStatsReport> QueryAsync(string? pipeline = null, string tenant = Tenant, StatisticsWindow? window = null) =>
        new PipelineStatistics(DataSource).QueryAsync(tenant, new PipelineStatsFilter("shop", pipeline, window ?? Window), CancellationToken.None);

    private async Task<PipelineStats> DeployAsync() => (await QueryAsync()).Pipelines.Single(p => p.Pipeline == "deploy");

    [Test]
    public async Task Should_count_executions_by_outcome()
    {
        var deploy = await DeployAsync();

        // e1..e5: the running one counts as an execution; February, the window's end, the orchestration, the other
        // tenant and the other application do not.
        Assert.That(deploy.Application, Is.EqualTo("shop"));
        Assert.That((deploy.Executions, deploy.Succeeded, deploy.Failed, deploy.Canceled), Is.EqualTo((5L, 2L, 1L, 1L)));
    }

    [Test]
    public async Task Should_rate_success_and_failure_over_finished_executions()
    {
        var deploy = await DeployAsync();

        // 4 finished (the running one is not): 2/4 succeeded, 1/4 TERMINAL.
        Assert.That(deploy.SuccessRate, Is.EqualTo(0.5));
        Assert.That(deploy.FailureRate, Is.EqualTo(0.25));
    }

    [Test]
    public async Task Should_interpolate_duration_percentiles_of_finished_executions()
    {
        var deploy = await DeployAsync();

        // 100, 200, 300, 400 s. p50: position 0.5 * 3 = 1.5 -> 200 + 0.5 * 100 = 250 s.
        // p95: position 0.95 * 3 = 2.85 -> 300 + 0.85 * 100 = 385 s.
        Assert.That(deploy.DurationMs, Is.EqualTo(new DurationPercentiles(250_000, 385_000)));
    }

    [Test]
    public async Task Should_list_the_busiest_pipeline_first_then_by_name()
    {
        var report = await QueryAsync();

        // deploy 5 executions; nightly and smoke 1 each, by name.
        Assert.That(report.Pipelines.Select(p => p.Pipeline), Is.EqualTo(new[] { "deploy", "nightly", "smoke" }));
        Assert.That((report.From, report.To), Is.EqualTo((From.UtcDateTime, To.UtcDateTime)));
    }

    [Test]
    public async Task Should_report_no_rates_or_durations_when_nothing_finished()
    {
        var nightly = (await QueryAsync()).Pipelines.Single(p => p.Pipeline == "nightly");

        Assert.That((nightly.Executions, nightly.SuccessRate, nightly.FailureRate, nightly.DurationMs), Is.EqualTo((1L, (double?)null, (double?)null, (DurationPercentiles?)null)));
    }

    [Test]
    public async Task Should_give_figures_per_top_level_stage_in_the_order_they_run()
    {
        var stages = (await DeployAsync()).Stages;

        // The synthetic "2<1" is left out, so are the February, orchestration and other-tenant bakes.
        Assert.That(stages.Select(s => (s.RefId, s.StageName, s.StageType)),
            Is.EqualTo(new[] { ("1", "Bake", "bake"), ("2", "Deploy", "deploy") }));

        // Bake: 5 rows (one RUNNING), 0 of 4 finished failed; 10, 20, 30, 40 s -> p50 25 s, p95 30 + 0.85 * 10 = 38.5 s.
        Assert.That(stages[0], Is.EqualTo(new PipelineStageStats("1", "Bake", "bake", 5, 0.0, new DurationPercentiles(25_000, 38_500))));

        // Deploy: 1 TERMINAL of 4 finished; 30, 60, 90, 120 s -> p50 75 s, p95 90 + 0.85 * 30 = 115.5 s.
        Assert.That(stages[1], Is.EqualTo(new PipelineStageStats("2", "Deploy", "deploy", 4, 0.25, new DurationPercentiles(75_000, 115_500))));
    }

    [Test]
    public async Task Should_list_the_newest_twenty_regressions_of_each_pipeline()
    {
        var report = await QueryAsync();
        var deploy = report.Pipelines.Single(p => p.Pipeline == "deploy").Regressions;

        // Hours 20 down to 1; hour 0, February's and the other tenant's are not there.
        Assert.That(deploy.Select(r => r.RegressionId), Is.EqualTo(Enumerable.Range(1, 20).Reverse().Select(i => _deployRegressions[i])));
        Assert.That(deploy[0], Is.EqualTo(new PipelineRegression(
            _deployRegressions[20], "2", "Deploy", March(10, 20).UtcDateTime, "run-20", 60_000, 108_000, 1.8, 0.021)));

        var smoke = report.Pipelines.Single(p => p.Pipeline == "smoke").Regressions;
        Assert.That(smoke.Select(r => (r.StageRefId, r.DetectedByExecutionId)), Is.EqualTo(new[] { ((string?)null, "s1") }));
    }

    [Test]
    public async Task Should_filter_by_pipeline()
    {
        var report = await QueryAsync(pipeline: "smoke");

        Assert.That(report.Pipelines.Select(p => (p.Pipeline, p.Executions, p.DurationMs)),
            Is.EqualTo(new[] { ("smoke", 1L, (DurationPercentiles?)new DurationPercentiles(60_000, 60_000)) }));
    }

    [Test]
    public async Task Should_count_only_runs_started_in_the_window()
    {
        var february = await QueryAsync(window: new StatisticsWindow(From.AddMonths(-1), From));

        // Only e0 (50 s, its Bake TERMINAL after 500 s); no March regression.
        var deploy = february.Pipelines.Single();
        Assert.That((deploy.Executions, deploy.DurationMs), Is.EqualTo((1L, (DurationPercentiles?)new DurationPercentiles(50_000, 50_000))));
        Assert.That(deploy.Stages.Select(s => (s.RefId, s.Count, s.FailureRate)), Is.EqualTo(new[] { ((string?)"1", 1L, (double?)1.0) }));
        Assert.That(deploy.Regressions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_keep_tenants_apart()
    {
        var report = await QueryAsync(tenant: OtherTenant);

        var deploy = report.Pipelines.Single();
        Assert.That((deploy.Executions, deploy.Failed, deploy.FailureRate), Is.EqualTo((1L, 1L, (double?)1.0)));
        Assert.That(deploy.Stages.Single().Count, Is.EqualTo(1));
        Assert.That(deploy.Regressions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_answer_the_same_figures_over_http()
    {
        var host = await HostAsync();

        var (status, type, body) = await host.GetAsync("/api/pipelines/stats?application=shop&pipeline=deploy&from=2025-03-01&to=2025-04-01T00:00:00Z");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.OK, "application/json")));
        Assert.That(body["from"]!.GetValue<string>(), Is.EqualTo("2025-03-01T00:00:00Z"));
        var deploy = body["pipelines"]!.AsArray().Single()!;
        Assert.That(deploy["pipeline"]!.GetValue<string>(), Is.EqualTo("deploy"));
        Assert.That(deploy["executions"]!.GetValue<long>(), Is.EqualTo(5));
        Assert.That(deploy["failureRate"]!.GetValue<double>(), Is.EqualTo(0.25));
        Assert.That(deploy["durationMs"]!["p95"]!.GetValue<long>(), Is.EqualTo(385_000));
        Assert.That(deploy["stages"]![1]!["refId"]!.GetValue<string>(), Is.EqualTo("2"));
        Assert.That(deploy["regressions"]!.AsArray(), Has.Count.EqualTo(20));
        Assert.That(deploy["regressions"]![0]!["detectedAt"]!.GetValue<string>(), Is.EqualTo("2025-03-11T08:00:00Z"));
        Assert.That(deploy["regressions"]![0]!["pValue"]!.GetValue<double>(), Is.EqualTo(0.021));
    }

    [Test]
    public async Task Should_take_the_tenant_from_the_gateway_header_over_http()
    {
        var host = await HostAsync();

        var (_, _, body) = await host.GetAsync("/api/pipelines/stats?application=shop&from=2025-03-01&to=2025-04-01", OtherTenant);

        Assert.That(body["pipelines"]![0]!["executions"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_answer_400_naming_the_missing_application()
    {
        var host = await HostAsync();

        var (status, type, body) = await host.GetAsync("/api/pipelines/stats?pipeline=deploy");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.BadRequest, "application/problem+json")));
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain("'application' is required"));
    }

    [TestCase("from=03/01/2025", "'from'")]
    [TestCase("to=yesterday", "'to'")]
    [TestCase("from=2025-04-01&to=2025-03-01", "must be before")]
    public async Task Should_answer_400_for_an_unreadable_window(string query, string detail)
    {
        var host = await HostAsync();

        var (status, type, body) = await host.GetAsync($"/api/pipelines/stats?application=shop&{query}");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.BadRequest, "application/problem+json")));
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(detail));
    }
}
