using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Trends.Service;

/// <summary>Posts canary runs of one service and config one after another, as its pipelines run them.</summary>
internal static class TrendRuns
{
    public static readonly DateTimeOffset T0 = new(2024, 7, 1, 8, 0, 0, TimeSpan.Zero);

    public static async Task PostAsync(string tenant, string service, string config, string idPrefix, int first, params double[] scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            var id = $"{idPrefix}-{first + i}";
            await ServiceUnderTest.Service.PostKayentaAsync(tenant, KayentaStatuses.Succeeded(id, scores[i],
                experimentScope: $"{service}-canary-v{first + i:D3}", configId: config, configName: config, endTime: T0.AddHours(first + i)));
            await ServiceUnderTest.Service.JudgmentAsync(tenant, id);
        }
    }

    public static Task<IReadOnlyList<CanaryTrendChanged>> ChangesAsync(string tenant, string service, int count) =>
        Eventually.GetAsync(
            () => Task.FromResult<IReadOnlyList<CanaryTrendChanged>>([.. ServiceUnderTest.Service.Messages.TrendsOf(tenant).Select(t => t.Message).Where(t => t.Service == service)]),
            changes => changes.Count >= count, TimeSpan.FromSeconds(30), $"{count} trend changes of {service}\n{ServiceUnderTest.Service.Logs}");

    public static async Task<JsonElement> TrendAsync(string tenant, string service)
    {
        var trends = await ServiceUnderTest.Service.GetJsonAsync("api/canary/trends?application=checkout", tenant);
        return trends.GetProperty("trends").EnumerateArray().Single(t => t.GetProperty("service").GetString() == service);
    }
}

/// <summary>
/// Eight runs falling about 2.6 points a run from 98 (pass 90, marginal 75), then a recovery to 97. The fitted line
/// of the first seven reaches 74.8 three runs on (the slope rule fires); with 97 the slope is no longer significant.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_services_canary_scores_decline_steadily_and_recover
{
    private const string Tenant = "canary-trend-slope";
    private static readonly double[] Decline = [98, 95.5, 93, 90.2, 87.9, 85, 82.6, 80.1];

    private CanaryTrendChanged _started = null!;
    private JsonElement _trendingTrend;
    private CanaryTrendChanged _stopped = null!;
    private JsonElement _recoveredTrend;

    [OneTimeSetUp]
    public async Task RunTheCanaries()
    {
        await TrendRuns.PostAsync(Tenant, "payments", "payments-latency", "slope", 1, Decline);
        _started = (await TrendRuns.ChangesAsync(Tenant, "payments", 1))[0];
        _trendingTrend = await TrendRuns.TrendAsync(Tenant, "payments");
        await TrendRuns.PostAsync(Tenant, "payments", "payments-latency", "slope", 9, 97);
        _stopped = (await TrendRuns.ChangesAsync(Tenant, "payments", 2))[1];
        _recoveredTrend = await TrendRuns.TrendAsync(Tenant, "payments");
    }

    [Test]
    public void Should_publish_that_the_service_started_trending_by_the_slope_rule_with_the_evidence()
    {
        Assert.Multiple(() =>
        {
            Assert.That((_started.Trending, _started.Rule), Is.EqualTo((true, "slope")));
            Assert.That((_started.Application, _started.ConfigId), Is.EqualTo(("checkout", "payments-latency")));
            // Run 7 tips it; run 8 only if its evaluation took the trend's lock before run 7's.
            Assert.That(_started.JudgmentId, Is.AnyOf("slope-7", "slope-8"));
            Assert.That(_started.Evidence, Does.Contain("per run").And.Contain("one-sided p ").And.Contain("marginal threshold 75"));
            Assert.That(_started.Scores, Is.EqualTo(Decline.Take(_started.JudgmentId == "slope-7" ? 7 : 8)));
            Assert.That(_started.EventId, Is.Not.EqualTo(Guid.Empty));
        });
    }

    [Test]
    public void Should_show_the_trend_with_its_figures()
    {
        var verdict = _trendingTrend.GetProperty("trendingTowardFailure");
        Assert.Multiple(() =>
        {
            Assert.That(verdict.GetProperty("flag").GetBoolean(), Is.True);
            Assert.That(verdict.GetProperty("rule").GetString(), Is.EqualTo("slope"));
            var figures = verdict.GetProperty("figures");
            Assert.That(figures.GetProperty("slopePerRun").GetDouble(), Is.EqualTo(-2.573).Within(0.001));
            Assert.That(figures.GetProperty("projectedScore").GetDouble(), Is.EqualTo(72.32).Within(0.01));
            Assert.That(figures.GetProperty("pValue").GetDouble(), Is.LessThan(0.001));
            Assert.That(figures.GetProperty("marginalThreshold").GetDouble(), Is.EqualTo(75));
            Assert.That(_trendingTrend.GetProperty("latestScore").GetDouble(), Is.EqualTo(80.1));
            Assert.That(_trendingTrend.GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("score").GetDouble()), Is.EqualTo(Decline));
            var counts = _trendingTrend.GetProperty("counts");
            Assert.That((counts.GetProperty("pass").GetInt64(), counts.GetProperty("marginal").GetInt64(), counts.GetProperty("fail").GetInt64()), Is.EqualTo((4L, 4L, 0L)));
        });
    }

    [Test]
    public void Should_publish_the_recovery_once_the_slope_no_longer_holds()
    {
        Assert.Multiple(() =>
        {
            Assert.That((_stopped.Trending, _stopped.Rule, _stopped.JudgmentId), Is.EqualTo((false, "slope", "slope-9")));
            Assert.That(_stopped.Evidence, Does.Contain("not significant"));
            Assert.That(_stopped.ChangedAt, Is.EqualTo(TrendRuns.T0.AddHours(9)));
            Assert.That(_recoveredTrend.GetProperty("trendingTowardFailure").GetProperty("flag").GetBoolean(), Is.False);
        });
    }

    [Test]
    public void Should_publish_only_the_two_changes()
    {
        Assert.That(ServiceUnderTest.Service.Messages.TrendsOf(Tenant).Select(t => t.Message.Trending), Is.EqualTo(new[] { true, false }));
        Assert.That(ServiceUnderTest.Service.Messages.TrendsOf(Tenant).All(t => t.MessageId == t.Message.EventId), Is.True);
    }
}

/// <summary>A Pass, three Marginal runs (too few runs for a slope), then a Pass again.</summary>
[TestFixture, NonParallelizable]
public sealed class When_a_services_canaries_are_marginal_three_times_in_a_row
{
    private const string Tenant = "canary-trend-marginal";

    private CanaryTrendChanged _started = null!;
    private CanaryTrendChanged _stopped = null!;

    [OneTimeSetUp]
    public async Task RunTheCanaries()
    {
        await TrendRuns.PostAsync(Tenant, "search", "search-errors", "marginal", 1, 95, 80, 82);
        await TrendRuns.PostAsync(Tenant, "search", "search-errors", "marginal", 4, 81);
        _started = (await TrendRuns.ChangesAsync(Tenant, "search", 1))[0];
        await TrendRuns.PostAsync(Tenant, "search", "search-errors", "marginal", 5, 96);
        _stopped = (await TrendRuns.ChangesAsync(Tenant, "search", 2))[1];
    }

    [Test]
    public void Should_start_trending_on_the_third_marginal()
    {
        Assert.That((_started.Trending, _started.Rule, _started.JudgmentId), Is.EqualTo((true, "consecutive-marginal", "marginal-4")));
        Assert.That(_started.Evidence, Does.Contain("last 3 runs are all Marginal"));
    }

    [Test]
    public void Should_stop_when_a_run_passes_again()
    {
        Assert.That((_stopped.Trending, _stopped.Rule, _stopped.JudgmentId), Is.EqualTo((false, "consecutive-marginal", "marginal-5")));
    }
}
