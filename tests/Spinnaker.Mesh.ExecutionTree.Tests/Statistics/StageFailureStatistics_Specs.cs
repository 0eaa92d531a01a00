using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Statistics;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

/// <summary>
/// shop's stages in March, one execution each (the failure figures need no execution rows):
/// <code>
/// stage  type            cloud       account  regions                status           errors                        cluster
/// d1     deploy          aws         prod     us-east-1, us-west-2   TERMINAL         Quota exceeded, Timeout       shop-main
/// d2     deploy          aws         prod     us-east-1              TERMINAL         Quota exceeded                shop-canary
/// d3     deploy          aws         prod     us-east-1              SUCCEEDED        Retried once                  shop-blue
/// d4     deploy          kubernetes  staging  -                      FAILED_CONTINUE  Timeout                       shop-k8s
/// d5     deploy          aws         prod     us-west-2              TERMINAL         Quota exceeded                shop-main
/// d6     deploy          aws         prod     us-east-1              SKIPPED (never ran: not counted)
/// d7     deploy          aws         prod     us-east-1              RUNNING (not finished: not counted)
/// b1     bake            -           -        us-east-1 (twice)      TERMINAL         Bake failed                   -
/// b2, b3 bake            -           -        -                      SUCCEEDED
/// m1     deployManifest  kubernetes  staging  -                      TERMINAL         A, B, C, D, E, F              -
/// m2     deployManifest  kubernetes  staging  -                      TERMINAL         F                             -
/// u1     -               -           -        -                      SUCCEEDED
/// </code>
/// Plus a February deploy, another tenant's deploy and billing's deploy, all TERMINAL, and fleet's 22 failed rollbacks.
/// </summary>
public sealed class When_stages_fail_in_several_places : StatisticsSpec
{
    [OneTimeSetUp]
    public async Task Given_finished_and_failed_stages()
    {
        await InsertAsync(
            Deploy("d1", "TERMINAL", "shop-main", ["us-east-1", "us-west-2"], "Quota exceeded", "Timeout"),
            Deploy("d2", "TERMINAL", "shop-canary", ["us-east-1"], "Quota exceeded"),
            Deploy("d3", "SUCCEEDED", "shop-blue", ["us-east-1"], "Retried once"),
            Deploy("d4", "FAILED_CONTINUE", "shop-k8s", [], "Timeout") with { CloudProvider = "kubernetes", Account = "staging" },
            Deploy("d5", "TERMINAL", "shop-main", ["us-west-2"], "Quota exceeded"),
            Deploy("d6", "SKIPPED", "shop-main", ["us-east-1"]),
            Deploy("d7", "RUNNING", "shop-main", ["us-east-1"]),
            Stage("b1", "TERMINAL", "bake") with { Regions = ["us-east-1", "us-east-1"], Errors = ["Bake failed"] },
            Stage("b2", "SUCCEEDED", "bake"),
            Stage("b3", "SUCCEEDED", "bake"),
            Manifest("m1", "A", "B", "C", "D", "E", "F"),
            Manifest("m2", "F"),
            Stage("u1", "SUCCEEDED", null),
            Deploy("d8", "TERMINAL", "shop-main", ["eu-west-1"], "February error") with { ExecutionStart = February(10) },
            Deploy("g1", "TERMINAL", "shop-main", ["us-east-1"], "Secret error") with { Tenant = OtherTenant },
            Deploy("x1", "TERMINAL", "billing-main", ["us-east-1"], "Billing error") with { Application = "billing" });
        // fleet rolled back 22 clusters, c22 down to c01, and failed each time.
        await InsertAsync([.. Enumerable.Range(1, 22).Reverse().Select(i =>
            Stage($"f{i}", "TERMINAL", "rollbackServerGroup") with { Application = "fleet", Cluster = $"c{i:00}" })]);
    }

    private static StageRow Stage(string id, string status, string? type) =>
        new StageRow($"exec-{id}", id, status, March(3), 10) { Type = type };

    private static StageRow Deploy(string id, string status, string cluster, string[] regions, params string[] errors) =>
        Stage(id, status, "deploy") with { CloudProvider = "aws", Account = "prod", Cluster = cluster, Regions = regions, Errors = errors };

    private static StageRow Manifest(string id, params string[] errors) =>
        Stage(id, "TERMINAL", "deployManifest") with { CloudProvider = "kubernetes", Account = "staging", Errors = errors };

    private Task<StageFailuresReport> QueryAsync(
        FailureGrouping groupBy = FailureGrouping.StageType, string? application = "shop", string tenant = Tenant, StatisticsWindow? window = null) =>
        new StageFailureStatistics(DataSource).QueryAsync(tenant, new StageFailuresFilter(application, groupBy, window ?? Window), CancellationToken.None);

    private static object Figures(StageFailureGroup g) => (g.Key, g.Stages, g.Failed, g.FailureRate);

    [Test]
    public async Task Should_count_finished_and_failed_stages_per_type_most_failures_first()
    {
        var report = await QueryAsync();

        // deploy: d1..d5 finished, d1 d2 d5 TERMINAL + d4 FAILED_CONTINUE = 4 of 5. deployManifest 2 of 2.
        // bake 1 of 3 = 0.3333. The stage without a type is "unknown", 0 of 1.
        Assert.That(report.GroupBy, Is.EqualTo("stageType"));
        Assert.That(report.Groups.Select(Figures), Is.EqualTo(new object[]
        {
            ("deploy", 5L, 4L, (double?)0.8),
            ("deployManifest", 2L, 2L, (double?)1.0),
            ("bake", 3L, 1L, (double?)0.3333),
            ("unknown", 1L, 0L, (double?)0.0),
        }));
    }

    [Test]
    public async Task Should_rank_the_errors_of_failed_stages()
    {
        var groups = (await QueryAsync()).Groups.ToDictionary(g => g.Key);

        // deploy: "Quota exceeded" in d1 d2 d5 (3), "Timeout" in d1 d4 (2); d3 succeeded, so its error is no failure's.
        Assert.That(groups["deploy"].TopErrors, Is.EqualTo(new[] { new ErrorCount("Quota exceeded", 3), new ErrorCount("Timeout", 2) }));
        // deployManifest: F twice, then A..E once each by message; only five, so E is cut.
        Assert.That(groups["deployManifest"].TopErrors.Select(e => (e.Message, e.Count)),
            Is.EqualTo(new[] { ("F", 2L), ("A", 1L), ("B", 1L), ("C", 1L), ("D", 1L) }));
        Assert.That(groups["unknown"].TopErrors, Is.Empty);
    }

    [Test]
    public async Task Should_list_the_distinct_clusters_of_failed_stages()
    {
        var groups = (await QueryAsync()).Groups.ToDictionary(g => g.Key);

        // shop-main twice (d1, d5) but once here; shop-blue only succeeded (d3); skipped and running d6, d7 add nothing.
        Assert.That(groups["deploy"].AffectedClusters, Is.EqualTo(new[] { "shop-canary", "shop-k8s", "shop-main" }));
        Assert.That(groups["bake"].AffectedClusters, Is.Empty);
    }

    [Test]
    public async Task Should_name_at_most_twenty_clusters_alphabetically()
    {
        var rollbacks = (await QueryAsync(application: "fleet")).Groups.Single();

        Assert.That((rollbacks.Key, rollbacks.Failed), Is.EqualTo(("rollbackServerGroup", 22L)));
        Assert.That(rollbacks.AffectedClusters, Is.EqualTo(Enumerable.Range(1, 20).Select(i => $"c{i:00}")));
    }

    [Test]
    public async Task Should_count_a_stage_in_each_of_its_regions()
    {
        var report = await QueryAsync(FailureGrouping.Region);

        // us-east-1: d1 d2 d3 b1 (once, though listed twice), 3 failed. us-west-2: d1 d5, both failed. No region: d4 b2 b3 m1 m2 u1, 3 failed
        // (d4 m1 m2). Ties on failures go to the larger group.
        Assert.That(report.Groups.Select(Figures), Is.EqualTo(new object[]
        {
            ("unknown", 6L, 3L, (double?)0.5),
            ("us-east-1", 4L, 3L, (double?)0.75),
            ("us-west-2", 2L, 2L, (double?)1.0),
        }));
        var east = report.Groups[1];
        // us-east-1 errors: Quota exceeded (d1, d2), then Bake failed (b1) and Timeout (d1) by message.
        Assert.That(east.TopErrors.Select(e => (e.Message, e.Count)), Is.EqualTo(new[] { ("Quota exceeded", 2L), ("Bake failed", 1L), ("Timeout", 1L) }));
        Assert.That(east.AffectedClusters, Is.EqualTo(new[] { "shop-canary", "shop-main" }));
    }

    [Test]
    public async Task Should_group_by_cloud_provider()
    {
        var report = await QueryAsync(FailureGrouping.CloudProvider);

        // aws: d1 d2 d3 d5 (3 failed). kubernetes: d4 m1 m2 (3 failed). None: b1 b2 b3 u1 (1 failed).
        Assert.That(report.Groups.Select(Figures), Is.EqualTo(new object[]
        {
            ("aws", 4L, 3L, (double?)0.75),
            ("kubernetes", 3L, 3L, (double?)1.0),
            ("unknown", 4L, 1L, (double?)0.25),
        }));
    }

    [Test]
    public async Task Should_include_every_application_when_none_is_given()
    {
        var deploy = (await QueryAsync(application: null)).Groups.Single(g => g.Key == "deploy");

        // billing's x1 joins: 6 stages, 5 failed, and its error and cluster come along.
        Assert.That(Figures(deploy), Is.EqualTo(("deploy", 6L, 5L, (double?)0.8333)));
        Assert.That(deploy.TopErrors.Select(e => e.Message), Is.EqualTo(new[] { "Quota exceeded", "Timeout", "Billing error" }));
        Assert.That(deploy.AffectedClusters, Does.Contain("billing-main"));
    }

    [Test]
    public async Task Should_count_only_stages_of_executions_started_in_the_window()
    {
        var february = await QueryAsync(window: new StatisticsWindow(From.AddMonths(-1), From));

        Assert.That(february.Groups.Select(Figures), Is.EqualTo(new object[] { ("deploy", 1L, 1L, (double?)1.0) }));
        Assert.That(february.Groups[0].TopErrors.Single().Message, Is.EqualTo("February error"));
    }

    [Test]
    public async Task Should_keep_tenants_apart()
    {
        var other = await QueryAsync(tenant: OtherTenant);

        Assert.That(other.Groups.Select(Figures), Is.EqualTo(new object[] { ("deploy", 1L, 1L, (double?)1.0) }));
        Assert.That(other.Groups[0].TopErrors.Single().Message, Is.EqualTo("Secret error"));
    }

    [Test]
    public async Task Should_group_by_account_over_http()
    {
        var host = await HostAsync();

        var (status, _, body) = await host.GetAsync("/api/stages/failures?application=shop&groupBy=account&from=2025-03-01&to=2025-04-01");

        // prod: d1 d2 d3 d5 (3 failed); staging: d4 m1 m2 (3 failed); none: b1 b2 b3 u1 (1 failed).
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["groupBy"]!.GetValue<string>(), Is.EqualTo("account"));
        var groups = body["groups"]!.AsArray();
        Assert.That(groups.Select(g => (g!["key"]!.GetValue<string>(), g["stages"]!.GetValue<long>(), g["failed"]!.GetValue<long>())),
            Is.EqualTo(new[] { ("prod", 4L, 3L), ("staging", 3L, 3L), ("unknown", 4L, 1L) }));
        Assert.That(groups[0]!["topErrors"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("Quota exceeded"));
        Assert.That(groups[0]!["topErrors"]![0]!["count"]!.GetValue<long>(), Is.EqualTo(3));
        Assert.That(groups[0]!["affectedClusters"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "shop-canary", "shop-main" }));
    }

    [Test]
    public async Task Should_group_by_stage_type_by_default_over_http()
    {
        var host = await HostAsync();

        var (_, _, body) = await host.GetAsync("/api/stages/failures?application=shop&from=2025-03-01&to=2025-04-01");

        Assert.That(body["groupBy"]!.GetValue<string>(), Is.EqualTo("stageType"));
        Assert.That(body["groups"]![0]!["key"]!.GetValue<string>(), Is.EqualTo("deploy"));
        Assert.That(body["groups"]![0]!["failureRate"]!.GetValue<double>(), Is.EqualTo(0.8));
    }

    [TestCase("groupBy=cluster")]
    [TestCase("groupBy=1")]
    [TestCase("groupBy=region,account")]
    [TestCase("from=tomorrow")]
    public async Task Should_answer_400_for_what_it_cannot_group_or_window_by(string query)
    {
        var host = await HostAsync();

        var (status, type, body) = await host.GetAsync($"/api/stages/failures?application=shop&{query}");

        Assert.That((status, type), Is.EqualTo((HttpStatusCode.BadRequest, "application/problem+json")));
        Assert.That(body["detail"]!.GetValue<string>(), Does.Contain(query.Split('=')[0]));
    }
}
