using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.CanaryScore.Trends;

namespace Spinnaker.Mesh.CanaryScore.Tests.Trends;

[TestFixture]
public sealed class The_trend_rule
{
    private static readonly TrendOptions Defaults = new();

    private static IReadOnlyList<TrendPoint> Series(params double[] scores) =>
        [.. scores.Select((s, i) => new TrendPoint($"j{i}", DateTimeOffset.UnixEpoch.AddHours(i), s, CanaryClassification.Of(s, 90, 75), 90, 75))];

    [Test]
    public void Should_fire_the_slope_rule_on_a_steady_decline_that_reaches_marginal_soon()
    {
        var verdict = TrendRule.Evaluate(Series(98, 95.5, 93, 90.2, 87.9, 85, 82.6, 80.1), Defaults);

        Assert.Multiple(() =>
        {
            Assert.That((verdict.Trending, verdict.Rule), Is.EqualTo((true, "slope")));
            Assert.That(verdict.Figures.SlopePerRun, Is.EqualTo(-2.573).Within(0.01));
            Assert.That(verdict.Figures.PValue, Is.LessThan(0.001));
            // 8 points fitted, projected to index 7 + 3 = 10: about 72.3, below the marginal 75.
            Assert.That(verdict.Figures.ProjectedScore, Is.EqualTo(72.32).Within(0.01));
            Assert.That(verdict.Figures.MarginalThreshold, Is.EqualTo(75));
            Assert.That(verdict.Evidence, Does.Contain("per run").And.Contain("one-sided p ").And.Contain("marginal threshold 75"));
        });
    }

    [Test]
    public void Should_not_fire_when_the_decline_stays_well_above_marginal()
    {
        // Falling 0.2 a run from 99: significant, but still near 97 three runs on.
        var verdict = TrendRule.Evaluate(Series(99.4, 99.2, 99, 98.8, 98.6, 98.4, 98.2, 98), Defaults);
        Assert.That(verdict.Trending, Is.False);
        Assert.That(verdict.Figures.PValue, Is.LessThan(0.05));
        Assert.That(verdict.Evidence, Does.Contain("stays above"));
    }

    [Test]
    public void Should_not_fire_on_noise_without_a_significant_slope()
    {
        var verdict = TrendRule.Evaluate(Series(80, 95, 78, 96, 79, 94, 77, 93), Defaults);
        Assert.That(verdict.Trending, Is.False);
        Assert.That(verdict.Figures.PValue, Is.GreaterThan(0.05));
    }

    [Test]
    public void Should_need_the_minimum_runs_for_a_slope()
    {
        var verdict = TrendRule.Evaluate(Series(99, 90, 80, 76), Defaults);
        Assert.That(verdict.Trending, Is.False);
        Assert.That(verdict.Figures.SlopePerRun, Is.Null);
        Assert.That(verdict.Evidence, Does.Contain("fewer than the 5"));
    }

    [Test]
    public void Should_fire_on_consecutive_marginal_runs()
    {
        var verdict = TrendRule.Evaluate(Series(95, 80, 82, 81), Defaults); // too few runs for a slope
        Assert.That((verdict.Trending, verdict.Rule), Is.EqualTo((true, "consecutive-marginal")));
        Assert.That(verdict.Figures.ConsecutiveMarginal, Is.EqualTo(3));
    }

    [Test]
    public void Should_stop_when_a_pass_breaks_the_marginal_run()
    {
        var verdict = TrendRule.Evaluate(Series(95, 80, 82, 81, 96), Defaults);
        Assert.That(verdict.Trending, Is.False);
        Assert.That(verdict.Figures.ConsecutiveMarginal, Is.EqualTo(0));
    }

    [Test]
    public void Should_fit_a_perfect_line_with_certainty()
    {
        var (slope, intercept, p) = TrendRule.Fit([10, 8, 6, 4, 2]);
        Assert.That((slope, intercept, p), Is.EqualTo((-2.0, 10.0, 0.0)));
    }
}
