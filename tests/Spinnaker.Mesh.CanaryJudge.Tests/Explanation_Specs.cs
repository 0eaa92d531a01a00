using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Explanations;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using static Spinnaker.Mesh.CanaryJudge.Tests.Configs;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class A_metric_judgment_explains_itself
{
    private readonly NetflixAcaJudge _judge = new();

    [Test]
    public void Should_give_the_shift_its_interval_and_the_effect_size_against_the_allowed_increase_for_a_high()
    {
        var settings = new MetricAnalysisSettings { AllowedIncrease = 1.1 };
        var control = Series.Normal(300, 40, 3, 70);
        var experiment = Series.Normal(300, 52, 3, 71);

        var judgment = _judge.JudgeMetric("p99 latency", control, experiment, settings);
        var e = judgment.Explanation;

        Assert.That(judgment.Classification.Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(e.Summary, Does.StartWith("p99 latency: experiment is higher by "));
        Assert.That(e.Summary, Does.Contain("(98% interval "));
        Assert.That(e.Summary, Does.Contain("exceeds the allowed increase 1.1: High"));
        Assert.That(e.Interval!.Lower, Is.GreaterThan(e.ToleranceBand!.Upper));
        Assert.That(e.Estimate, Is.InRange(e.Interval.Lower, e.Interval.Upper));
        Assert.That(e.ToleranceBand.Upper, Is.EqualTo(0.25 * Math.Abs(e.Estimate!.Value)));
        Assert.That(e.PValue, Is.LessThan(1e-10));
        Assert.That(e.EffectSize.Measure, Is.EqualTo("meanRatio"));
        Assert.That(e.EffectSize.Value, Is.EqualTo(judgment.Classification.Deviation));
        Assert.That(e.Thresholds.AllowedIncrease, Is.EqualTo(1.1));
        Assert.That(e.Direction, Is.EqualTo("either"));
        Assert.That(e.Control.Points, Is.EqualTo(300));
        Assert.That(e.DecidedBy, Is.EqualTo("rankSumInterval"));
    }

    [Test]
    public void Should_say_when_a_significant_shift_passes_because_its_effect_is_too_small()
    {
        var settings = new MetricAnalysisSettings { AllowedIncrease = 1.5 };

        var e = _judge.JudgeMetric("cpu", Series.Normal(300, 40, 3, 72), Series.Normal(300, 44, 3, 73), settings).Explanation;

        Assert.That(e.Classification, Is.EqualTo("Pass"));
        Assert.That(e.Summary, Does.Contain("is below the allowed increase 1.5: Pass"));
    }

    [Test]
    public void Should_say_when_a_decrease_is_not_judged()
    {
        var settings = new MetricAnalysisSettings { Direction = MetricDirection.Increase };

        var e = _judge.JudgeMetric("errors", Series.Normal(100, 40, 3, 74), Series.Normal(100, 20, 3, 75), settings).Explanation;

        Assert.That(e.Summary, Does.Contain("experiment is lower by"));
        Assert.That(e.Summary, Does.EndWith("but only increases are judged (direction increase): Pass"));
    }

    [Test]
    public void Should_count_the_points_removed_per_side()
    {
        var control = Series.WithNaNAt(Series.Normal(50, 10, 1, 76), 1, 2, 3);

        var e = _judge.JudgeMetric("m", control, Series.Normal(50, 10, 1, 77), new MetricAnalysisSettings()).Explanation;

        Assert.That(e.Control, Is.EqualTo(new SideExplanation(50, 3, "remove", 0, 47)));
        Assert.That(e.Experiment.Points, Is.EqualTo(50));
    }

    [TestCase(false, true, LikelyCauses.NoExperimentData)]
    [TestCase(true, false, LikelyCauses.NoControlData)]
    [TestCase(true, true, LikelyCauses.NoDataAtAll)]
    public void Should_name_the_scope_without_data(bool controlEmpty, bool experimentEmpty, string cause)
    {
        double[] empty = [double.NaN, double.NaN, double.NaN];
        var data = Series.Normal(3, 1, 0.1, 78);

        var e = _judge.JudgeMetric("m", controlEmpty ? empty : data, experimentEmpty ? empty : data, new MetricAnalysisSettings()).Explanation;

        Assert.That(e.LikelyCause, Is.EqualTo(cause));
        Assert.That(e.Summary, Is.EqualTo($"m: {cause}: Nodata"));
    }
}

public sealed class A_canary_whose_control_and_experiment_label_sets_differ
{
    [Test]
    public void Should_name_the_differing_labels_on_both_all_NaN_pairs()
    {
        // The mixer could not pair {pod=web-a} with {pod=web-b}: two pairs, each with one side all NaN.
        var config = Config(null, Metric("latency", ["app"]));
        double[] nan = [double.NaN, double.NaN, double.NaN, double.NaN];
        var data = Series.Normal(4, 10, 1, 79);
        var controlOnly = MetricSetPair.Of("latency", data, nan, new Dictionary<string, string> { ["job"] = "web", ["pod"] = "web-a" });
        var experimentOnly = MetricSetPair.Of("latency", nan, data, new Dictionary<string, string> { ["job"] = "web", ["pod"] = "web-b" });

        var result = new NetflixAcaJudge().Judge(config, Thresholds, [controlOnly, experimentOnly]);

        const string cause = "control and experiment label sets differ: control has {pod=web-a} where experiment has {pod=web-b}";
        Assert.That(result.Results!.Select(r => r.Explanation!.LikelyCause), Is.All.EqualTo(cause));
        Assert.That(result.Results![0].Explanation!.Summary, Is.EqualTo($"latency: {cause}: Nodata"));
    }

    [Test]
    public void Should_keep_the_plain_cause_when_no_other_pair_has_the_missing_side()
    {
        var config = Config(null, Metric("latency", ["app"]));
        double[] nan = [double.NaN, double.NaN];

        var result = new NetflixAcaJudge().Judge(config, Thresholds, [MetricSetPair.Of("latency", [1, 2], nan), MetricSetPair.Of("latency", [3, 4], nan)]);

        Assert.That(result.Results!.Select(r => r.Explanation!.LikelyCause), Is.All.EqualTo(LikelyCauses.NoExperimentData));
    }
}

public sealed class A_judged_result_in_Kayentas_JSON
{
    [Test]
    public void Should_keep_the_ratio_beside_the_explanation_and_read_back()
    {
        var config = Config(null, Metric("cpu", ["app"]));
        var result = new NetflixAcaJudge().Judge(config, Thresholds, [High("cpu", 80)]);

        var json = KayentaJson.Serialize(result);
        var metadata = JsonDocument.Parse(json).RootElement.GetProperty("results")[0].GetProperty("resultMetadata");
        var back = KayentaJson.Deserialize<CanaryJudgeResult>(json)!.Results![0];

        Assert.That(metadata.GetProperty("ratio").GetDouble(), Is.EqualTo(result.Results![0].Ratio));
        Assert.That(metadata.GetProperty("explanation").GetProperty("summary").GetString(), Does.EndWith(": High"));
        Assert.That(back.Explanation, Is.Not.Null);
        Assert.That(back.Explanation!.Summary, Is.EqualTo(result.Results[0].Explanation!.Summary));
        Assert.That(back.ExperimentStats, Is.EqualTo(result.Results[0].ExperimentStats));
    }

    [Test]
    public void Should_write_a_mean_ratio_that_cannot_be_computed_as_the_string_NaN()
    {
        var config = Config(null, Metric("errors", ["app"]));
        var result = new NetflixAcaJudge().Judge(config, Thresholds, [MetricSetPair.Of("errors", Series.Constant(10, 0), Series.Normal(10, 5, 1, 81))]);

        var json = KayentaJson.Serialize(result);

        Assert.That(json, Does.Contain("\"ratio\":\"NaN\""));
        Assert.That(KayentaJson.Deserialize<CanaryJudgeResult>(json)!.Results![0].Ratio, Is.NaN);
    }
}
