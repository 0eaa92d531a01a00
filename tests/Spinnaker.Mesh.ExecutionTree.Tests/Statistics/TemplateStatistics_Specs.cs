using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Statistics;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// March runs of managed templates: spinnaker://base v1 100 s and 200 s SUCCEEDED, 300 s TERMINAL, one RUNNING;
/// two v2 runs (no template id) 50 s SUCCEEDED, 150 s TERMINAL; spinnaker://canary v1 10 s SUCCEEDED. Plus an
/// untemplated run, a February base run and another tenant's base run.
/// </summary>
public sealed class When_pipelines_run_from_templates : StatisticsSpec
{
    private const string Base = "spinnaker://base";
    private const string Canary = "spinnaker://canary";

    [OneTimeSetUp]
    public async Task Given_templated_runs()
    {
        await InsertAsync(
            Run("b1", "SUCCEEDED", 100, Base, "v1"), Run("b2", "SUCCEEDED", 200, Base, "v1"),
            Run("b3", "TERMINAL", 300, Base, "v1"), Run("b4", "RUNNING", null, Base, "v1"),
            Run("v1", "SUCCEEDED", 50, null, "v2"), Run("v2", "TERMINAL", 150, null, "v2"),
            Run("c1", "SUCCEEDED", 10, Canary, "v1"),
            Run("plain", "TERMINAL", 20, null, null),
            Run("b-feb", "TERMINAL", 1000, Base, "v1") with { Start = February(3) },
            Run("g1", "TERMINAL", 1000, Base, "v1") with { Tenant = OtherTenant });
    }

    private static ExecutionRow Run(string id, string status, double? seconds, string? templateId, string? version) =>
        new(id, status, March(9), seconds) { TemplateId = templateId, TemplateVersion = version };

    private Task<TemplateStatsReport> QueryAsync(string? templateId = null, string tenant = Tenant, StatisticsWindow? window = null) =>
        new TemplateStatistics(DataSource).QueryAsync(tenant, new TemplateStatsFilter(templateId, window ?? Window), CancellationToken.None);

    [Test]
    public async Task Should_give_figures_per_template_and_version_most_run_first()
    {
        var report = await QueryAsync();

        Assert.That(report.Templates, Is.EqualTo(new[]
        {
            // 4 runs, 2 of 3 finished succeeded = 0.6667; 100, 200, 300 s -> p50 200 s, p95 position 1.9 -> 290 s.
            new TemplateStats(Base, "v1", 4, 2, 0.6667, new DurationPercentiles(200_000, 290_000)),
            // 1 of 2; 50, 150 s -> p50 100 s, p95 50 + 0.95 * 100 = 145 s.
            new TemplateStats(null, "v2", 2, 1, 0.5, new DurationPercentiles(100_000, 145_000)),
            new TemplateStats(Canary, "v1", 1, 1, 1.0, new DurationPercentiles(10_000, 10_000)),
        }));
    }

    [Test]
    public async Task Should_filter_by_template_id()
    {
        var report = await QueryAsync(templateId: Canary);

        Assert.That(report.Templates.Select(t => (t.TemplateId, t.Executions)), Is.EqualTo(new[] { ((string?)Canary, 1L) }));
    }

    [Test]
    public async Task Should_count_only_runs_started_in_the_window()
    {
        var february = await QueryAsync(window: new StatisticsWindow(From.AddMonths(-1), From));

        Assert.That(february.Templates.Select(t => (t.TemplateId, t.Executions, t.SuccessRate)), Is.EqualTo(new[] { ((string?)Base, 1L, (double?)0.0) }));
    }

    [Test]
    public async Task Should_keep_tenants_apart()
    {
        var other = await QueryAsync(tenant: OtherTenant);

        Assert.That(other.Templates.Select(t => (t.TemplateId, t.Executions)), Is.EqualTo(new[] { ((string?)Base, 1L) }));
    }

    [Test]
    public async Task Should_report_v2_runs_with_a_null_template_id_over_http()
    {
        var host = await HostAsync();

        var (status, type, body) = await host.GetAsync("/api/templates/stats?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.OK, "application/json")));
        var templates = body["templates"]!.AsArray();
        Assert.That(templates.Select(t => t!.AsObject().ContainsKey("templateId")), Is.All.True, "templateId is always written");
        var v2 = templates[1]!;
        Assert.That((v2["templateId"], v2["templateVersion"]!.GetValue<string>(), v2["successRate"]!.GetValue<double>()),
            Is.EqualTo(((object?)null, "v2", 0.5)));
        Assert.That(templates[0]!["durationMs"]!["p95"]!.GetValue<long>(), Is.EqualTo(290_000));
    }

    [Test]
    public async Task Should_filter_by_template_id_over_http()
    {
        var host = await HostAsync();

        var (_, _, body) = await host.GetAsync($"/api/templates/stats?templateId={Uri.EscapeDataString(Canary)}&from=2025-03-01&to=2025-04-01");

        Assert.That(body["templates"]!.AsArray().Select(t => t!["templateId"]!.GetValue<string>()), Is.EqualTo(new[] { Canary }));
    }

    [Test]
    public async Task Should_answer_400_for_an_unreadable_window_over_http()
    {
        var host = await HostAsync();

        var (status, type, body) = await host.GetAsync("/api/templates/stats?from=2025-03-01T25:00:00Z");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.BadRequest, "application/problem+json")));
        Assert.That(body["title"]!.GetValue<string>(), Is.EqualTo("Invalid time window"));
    }
}
