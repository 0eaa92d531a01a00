using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using static Spinnaker.Mesh.CanaryJudge.Tests.Configs;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class The_judge
{
    private readonly NetflixAcaJudge _judge = new();

    [Test]
    public void Should_score_zero_when_a_critical_metric_is_high_and_give_its_reason()
    {
        var config = Config(null,
            Metric("latency", ["app"], new CanaryAnalysisConfiguration { Critical = true }),
            Metric("cpu", ["app"]), Metric("errors", ["app"]));

        var result = _judge.Judge(config, Thresholds, [High("latency", 1), Passing("cpu", 2), Passing("errors", 3)]);

        Assert.That(result.Score!.Score, Is.Zero);
        Assert.That(result.Score.Classification, Is.EqualTo("Fail"));
        Assert.That(result.Score.ClassificationReason, Is.EqualTo("Canary Failed: The metric latency was classified as High (Critical)"));
        Assert.That(result.GroupScores!.Single().Score, Is.EqualTo(2 / 3.0 * 100), "group scores are still reported");
    }

    [Test]
    public void Should_count_a_required_metric_without_data_as_a_failure_in_its_group()
    {
        var config = Config(null, Metric("cpu", ["app"]), Metric("requests", ["app"], new CanaryAnalysisConfiguration { MustHaveData = true }));

        var result = _judge.Judge(config, Thresholds, [Passing("cpu", 4), Empty("requests")]);

        Assert.That(result.Results![1].Classification, Is.EqualTo("NodataFailMetric"));
        Assert.That(result.GroupScores!.Single().Score, Is.EqualTo(50.0));
        Assert.That(result.Score!.Score, Is.EqualTo(50.0));
    }

    [Test]
    public void Should_classify_and_report_a_muted_metric_but_leave_it_out_of_the_score()
    {
        var config = Config(null, Metric("cpu", ["app"]), Metric("noisy", ["app"], new CanaryAnalysisConfiguration { Muted = true, Critical = true }));

        var result = _judge.Judge(config, Thresholds, [Passing("cpu", 5), High("noisy", 6)]);

        var noisy = result.Results!.Single(r => r.Name == "noisy");
        Assert.That(noisy.Classification, Is.EqualTo("High"));
        Assert.That(noisy.Muted, Is.True);
        Assert.That(result.Score!.Score, Is.EqualTo(100.0));
        Assert.That(result.Score.Classification, Is.EqualTo("Pass"));
    }

    [Test]
    public void Should_fail_when_half_the_metrics_have_no_data()
    {
        var config = Config(null, Metric("cpu", ["app"]), Metric("requests", ["app"]));

        var result = _judge.Judge(config, Thresholds, [Passing("cpu", 7), Empty("requests")]);

        Assert.That(result.Score!.Score, Is.Zero);
        Assert.That(result.Score.ClassificationReason, Is.EqualTo("Canary Failed: 50% or more metrics returned NODATA"));
    }

    [Test]
    public void Should_refuse_a_pair_whose_metric_is_not_in_the_config()
    {
        var config = Config(null, Metric("cpu", ["app"]));

        var error = Assert.Throws<UnknownMetricException>(() => _judge.Judge(config, Thresholds, [Passing("cpu", 8), Passing("memory", 9)]));

        Assert.That(error!.MetricName, Is.EqualTo("memory"));
        Assert.That(error.PairIndex, Is.EqualTo(1));
    }
}
