using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Prometheus;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus;

/// <summary>Evaluation over stored samples, as Prometheus evaluates: steps, lookback, matchers, aggregations, counters.</summary>
internal sealed class Evaluating_a_gauge : SeriesStoreFixture
{
    private const string Tenant = "eval";
    private const long T0 = 1_700_000_000;

    [OneTimeSetUp]
    public async Task Arrange() => await WriteAsync(Tenant,
        Sample("mesh_canary_score", T0, 80, "j1", ("application", "checkout"), ("region", "us-east-1")),
        Sample("mesh_canary_score", T0 + 600, 95, "j2", ("application", "checkout"), ("region", "us-east-1")),
        Sample("mesh_canary_score", T0 + 30, 60, "j3", ("application", "checkout"), ("region", "eu-west-1")),
        Sample("mesh_canary_score", T0 + 30, 40, "j4", ("application", "cart"), ("region", "us-east-1")),
        Sample("mesh_canary_score", T0 - 86_400, 10, "j5", ("application", "old")));

    [Test]
    public async Task Reads_the_latest_sample_less_than_the_lookback_delta_before_each_step()
    {
        var result = await RangeAsync(Tenant, "mesh_canary_score{application=\"checkout\", region=\"us-east-1\"}", T0 - 60, T0 + 900, 60);
        var series = result.Series.Single();
        Assert.That(Points(series, T0 - 60, 60), Is.EqualTo(new (long, double)[]
        {
            // At T0 itself the sample counts (at or before the step); 300 s after it, no longer (the window is open there).
            (T0, 80), (T0 + 60, 80), (T0 + 120, 80), (T0 + 180, 80), (T0 + 240, 80),
            (T0 + 600, 95), (T0 + 660, 95), (T0 + 720, 95), (T0 + 780, 95), (T0 + 840, 95),
        }));
    }

    [Test]
    public async Task Steps_from_start_by_step_and_never_past_end()
    {
        // Start is not a multiple of the step, and end does not fall on a step: steps are start + k·step ≤ end.
        var result = await RangeAsync(Tenant, "mesh_canary_score{region=\"us-east-1\", application=\"checkout\"}", T0 - 7, T0 + 100, 45);
        Assert.That(Points(result.Series.Single(), T0 - 7, 45), Is.EqualTo(new (long, double)[] { (T0 + 38, 80), (T0 + 83, 80) }));
    }

    [Test]
    public async Task Widens_the_window_with_a_longer_lookback()
    {
        var result = await RangeAsync(Tenant, "mesh_canary_score{application=\"checkout\", region=\"us-east-1\"}", T0, T0 + 3600, 1800, lookbackSeconds: 3600);
        Assert.That(Points(result.Series.Single(), T0, 1800), Is.EqualTo(new (long, double)[] { (T0, 80), (T0 + 1800, 95), (T0 + 3600, 95) }));
    }

    [Test]
    public async Task Leaves_out_series_without_a_point_in_the_range_and_sorts_the_rest_by_labels()
    {
        var result = await RangeAsync(Tenant, "mesh_canary_score", T0, T0 + 120, 60);
        Assert.That(result.Series.Select(LabelsOf), Is.EqualTo(new[]
        {
            "{__name__=mesh_canary_score, application=cart, region=us-east-1}",
            "{__name__=mesh_canary_score, application=checkout, region=eu-west-1}",
            "{__name__=mesh_canary_score, application=checkout, region=us-east-1}",
        }));
    }

    [TestCase("mesh_canary_score{application=~\"check\"}", new string[0])]
    [TestCase("mesh_canary_score{application=~\"check.*\"}", new[] { "checkout/eu-west-1", "checkout/us-east-1" })]
    [TestCase("mesh_canary_score{application!~\"check.*\"}", new[] { "cart/us-east-1" })]
    [TestCase("mesh_canary_score{application!=\"checkout\"}", new[] { "cart/us-east-1" })]
    [TestCase("mesh_canary_score{region=~\"us-.*|eu-west-1\", application=\"checkout\"}", new[] { "checkout/eu-west-1", "checkout/us-east-1" })]
    [TestCase("mesh_canary_score{service=\"\", application=\"cart\"}", new[] { "cart/us-east-1" })]
    [TestCase("{__name__=~\"mesh_canary_.*\", region=\"eu-west-1\"}", new[] { "checkout/eu-west-1" })]
    public async Task Applies_every_matcher_anchored(string query, string[] expected)
    {
        var result = await RangeAsync(Tenant, query, T0 + 60, T0 + 60, 60);
        Assert.That(result.Series.Select(s => $"{s.Labels["application"]}/{s.Labels["region"]}"), Is.EqualTo(expected));
    }

    [TestCase("avg(mesh_canary_score) by (application)", "{application=cart}=40; {application=checkout}=70")]
    [TestCase("avg by (application) (mesh_canary_score)", "{application=cart}=40; {application=checkout}=70")]
    [TestCase("sum(mesh_canary_score) without (region)", "{application=cart}=40; {application=checkout}=140")]
    [TestCase("min(mesh_canary_score)", "{}=40")]
    [TestCase("max(mesh_canary_score) by (region)", "{region=eu-west-1}=60; {region=us-east-1}=80")]
    [TestCase("count(mesh_canary_score) by (application)", "{application=cart}=1; {application=checkout}=2")]
    [TestCase("max(avg(mesh_canary_score) by (application))", "{}=70")]
    public async Task Aggregates_the_series_present_at_each_step_by_their_labels(string query, string expected)
    {
        var result = await RangeAsync(Tenant, query, T0 + 60, T0 + 60, 60);
        Assert.That(string.Join("; ", result.Series.Select(s => $"{LabelsOf(s)}={s.Values[0]}")), Is.EqualTo(expected));
    }

    [Test]
    public async Task Keeps_apart_the_series_of_other_tenants()
    {
        var result = await RangeAsync("someone-else", "mesh_canary_score", T0, T0 + 600, 60);
        Assert.That(result.Series, Is.Empty);
    }

    [Test]
    public async Task Refuses_a_selector_that_matches_more_series_than_allowed()
    {
        var error = Assert.ThrowsAsync<PrometheusApiException>(() =>
            RangeAsync(Tenant, "mesh_canary_score", T0, T0 + 600, 60, options: new PrometheusApiOptions { MaxSeries = 2 }))!;
        Assert.That(error.ErrorType, Is.EqualTo("execution"));
        Assert.That(error.StatusCode, Is.EqualTo(422));
        Assert.That(error.Message, Does.Contain("matches 4 series, more than Mesh:CanaryScore:Prometheus:MaxSeries (2)"));
    }

    [Test]
    public async Task Refuses_a_query_that_would_load_more_points_than_allowed()
    {
        var error = Assert.ThrowsAsync<PrometheusApiException>(() =>
            RangeAsync(Tenant, "mesh_canary_score{application=\"checkout\"}", T0, T0 + 600, 60, options: new PrometheusApiOptions { MaxSamples = 21 }))!;
        Assert.That(error.Message, Does.Contain("2 series × 11 steps is more than Mesh:CanaryScore:Prometheus:MaxSamples (21)"));
    }
}

internal sealed class Evaluating_a_counter : SeriesStoreFixture
{
    private const string Tenant = "counters";
    private const long T0 = 1_700_000_000;

    [OneTimeSetUp]
    public async Task Arrange()
    {
        // Increments written out of order, one redelivered: the running sum does not depend on either.
        await WriteAsync(Tenant, Sample("mesh_deployments_total", T0 + 1000, 1, "stage:3", ("application", "checkout"), ("environment", "production")));
        await WriteAsync(Tenant, Sample("mesh_deployments_total", T0, 1, "stage:1", ("application", "checkout"), ("environment", "production")));
        await WriteAsync(Tenant, Sample("mesh_deployments_total", T0 + 100, 1, "stage:2", ("application", "checkout"), ("environment", "production")));
        await WriteAsync(Tenant, Sample("mesh_deployments_total", T0 + 100, 1, "stage:2", ("application", "checkout"), ("environment", "production")));
    }

    [Test]
    public async Task Reads_the_running_sum_of_its_increments_and_holds_it_between_them()
    {
        var result = await RangeAsync(Tenant, "mesh_deployments_total", T0 - 100, T0 + 1500, 100);
        Assert.That(Points(result.Series.Single(), T0 - 100, 100), Is.EqualTo(new (long, double)[]
        {
            (T0, 1), (T0 + 100, 2), (T0 + 200, 2), (T0 + 300, 2), (T0 + 400, 2), (T0 + 500, 2), (T0 + 600, 2), (T0 + 700, 2),
            (T0 + 800, 2), (T0 + 900, 2), (T0 + 1000, 3), (T0 + 1100, 3), (T0 + 1200, 3), (T0 + 1300, 3), (T0 + 1400, 3), (T0 + 1500, 3),
        }));
    }

    [Test]
    public async Task Counts_the_increments_before_the_range_too()
    {
        var result = await RangeAsync(Tenant, "sum(mesh_deployments_total) by (environment)", T0 + 5000, T0 + 5000, 60);
        Assert.That($"{LabelsOf(result.Series.Single())}={result.Series.Single().Values[0]}", Is.EqualTo("{environment=production}=3"));
    }

    [Test]
    public async Task Stored_each_increment_once()
    {
        Assert.That(await CountAsync("SELECT count(*) FROM canary_score.series_samples"), Is.EqualTo(3));
    }
}
