using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Cleaning;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class The_Mann_Whitney_classifier
{
    private static readonly MannWhitneyClassifier Judge = new(0.25, 0.98);

    [Test]
    public void Should_pass_identical_data_in_any_order_with_Kayentas_reason()
    {
        var result = Judge.Classify("m", [3.0, 1.0, 2.0, 2.0], [2.0, 2.0, 1.0, 3.0]);

        Assert.That(result.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
        Assert.That(result.Reason, Is.EqualTo("The Canary and Baseline data are identical"));
        Assert.That(result.Evidence.Rule, Is.EqualTo(DecisionRule.IdenticalData));
    }

    [Test]
    public void Should_pass_when_both_sides_hold_one_and_the_same_value_in_different_amounts()
    {
        var result = Judge.Classify("m", Series.Constant(4, 7.5), Series.Constant(9, 7.5));

        Assert.That(result.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
        Assert.That(result.Evidence.Rule, Is.EqualTo(DecisionRule.SingleDistinctValue));
    }

    [Test]
    public void Should_add_noise_to_two_different_constant_samples_and_find_the_higher_one_whatever_the_seed(
        [Values(1L, 2L, 99L, MannWhitneyClassifier.DefaultNoiseSeed)] long seed)
    {
        var result = new MannWhitneyClassifier(0.25, 0.98, noiseSeed: seed).Classify("m", Series.Constant(20, 4.0), Series.Constant(20, 5.0));

        Assert.That(result.Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(result.Evidence.NoiseAdded, Is.True);
    }

    [Test]
    public void Should_give_the_same_noise_for_the_same_seed()
    {
        var a = new MannWhitneyClassifier(0.25, 0.98, noiseSeed: 5).Classify("m", Series.Constant(20, 4.0), Series.Constant(20, 5.0));
        var b = new MannWhitneyClassifier(0.25, 0.98, noiseSeed: 5).Classify("m", Series.Constant(20, 4.0), Series.Constant(20, 5.0));

        Assert.That(b.Evidence.Test, Is.EqualTo(a.Evidence.Test));
    }

    [Test]
    public void Should_rank_ties_by_their_average_so_a_mostly_tied_small_shift_passes()
    {
        // Nine of ten points equal on both sides; one experiment point higher.
        var control = Series.Constant(10, 2.0);
        var experiment = Series.Constant(10, 2.0);
        experiment[9] = 3.0;

        var result = Judge.Classify("m", control, experiment);

        Assert.That(result.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
        Assert.That(result.Evidence.Rule, Is.EqualTo(DecisionRule.RankSumInterval));
    }

    [Test]
    public void Should_find_a_clear_increase_high_and_a_clear_decrease_low()
    {
        var control = Series.Normal(100, 50, 3, 10);

        Assert.That(Judge.Classify("m", control, Series.Normal(100, 60, 3, 11)).Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(Judge.Classify("m", control, Series.Normal(100, 40, 3, 12)).Classification, Is.EqualTo(MetricClassificationLabel.Low));
    }

    [Test]
    public void Should_ignore_a_decrease_when_only_increases_are_judged()
    {
        var result = Judge.Classify("m", Series.Normal(100, 50, 3, 10), Series.Normal(100, 40, 3, 12), MetricDirection.Increase);

        Assert.That(result.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
        Assert.That(result.Evidence.IntervalBelowBand, Is.True, "the decrease was found and then not judged");
    }

    [Test]
    public void Should_pass_a_significant_increase_whose_mean_ratio_stays_below_the_allowed_increase()
    {
        var control = Series.Normal(200, 100, 2, 20);
        var experiment = Series.Normal(200, 104, 2, 21);

        Assert.That(new MannWhitneyClassifier(0.25, 0.98, (1.0, 1.0)).Classify("m", control, experiment).Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(new MannWhitneyClassifier(0.25, 0.98, (0.9, 1.1)).Classify("m", control, experiment).Classification, Is.EqualTo(MetricClassificationLabel.Pass));
    }

    [Test]
    public void Should_hold_the_common_language_effect_size_against_its_own_thresholds()
    {
        // Overlapping samples: P(experiment > control) is around 0.7.
        var control = Series.Normal(200, 100, 10, 30);
        var experiment = Series.Normal(200, 106, 10, 31);

        var lenient = new MannWhitneyClassifier(0.25, 0.98, (0.2, 0.6), effectSizeMeasure: MetricAnalysisSettings.Cles).Classify("m", control, experiment);
        var strict = new MannWhitneyClassifier(0.25, 0.98, (0.2, 0.9), effectSizeMeasure: MetricAnalysisSettings.Cles).Classify("m", control, experiment);

        Assert.That(lenient.Evidence.EffectSize, Is.InRange(0.6, 0.9));
        Assert.That(lenient.Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(strict.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
        Assert.That(strict.Deviation, Is.EqualTo(lenient.Deviation), "the reported deviation is the mean ratio whatever the measure");
    }

    [Test]
    public void Should_call_a_missing_side_nodata_when_NaNs_are_removed_and_pass_when_they_are_replaced()
    {
        var control = Series.Normal(30, 10, 1, 40);

        var removed = Judge.Classify("m", control, [], nanStrategy: NaNStrategy.Remove);
        var replaced = Judge.Classify("m", control, [], nanStrategy: NaNStrategy.Replace);

        Assert.That(removed.Classification, Is.EqualTo(MetricClassificationLabel.Nodata));
        Assert.That(removed.Reason, Is.EqualTo("Missing data for m"));
        Assert.That(replaced.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
    }

    [Test]
    public void Should_fail_a_required_metric_without_data_unless_it_is_critical()
    {
        Assert.That(Judge.Classify("m", [], [1.0], isDataRequired: true).Classification, Is.EqualTo(MetricClassificationLabel.NodataFailMetric));
        var critical = Judge.Classify("m", [], [1.0], isCriticalMetric: true, isDataRequired: true);
        Assert.That(critical.Classification, Is.EqualTo(MetricClassificationLabel.Nodata));
        Assert.That(critical.Critical, Is.True);
    }

    [Test]
    public void Should_mark_a_critical_metrics_high_critical_only_beyond_the_critical_increase()
    {
        var control = Series.Normal(100, 100, 2, 50);
        var experiment = Series.Normal(100, 110, 2, 51);

        var beyond = new MannWhitneyClassifier(0.25, 0.98, criticalThresholds: (1.0, 1.05)).Classify("m", control, experiment, isCriticalMetric: true);
        var within = new MannWhitneyClassifier(0.25, 0.98, criticalThresholds: (1.0, 1.2)).Classify("m", control, experiment, isCriticalMetric: true);

        Assert.That(beyond.Critical, Is.True);
        Assert.That(beyond.Reason, Is.EqualTo("The metric m was classified as High (Critical)"));
        Assert.That(within.Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(within.Critical, Is.False);
    }
}

public sealed class The_series_cleaning
{
    [Test]
    public void Should_count_what_it_removes()
    {
        var raw = Series.WithNaNAt(Series.Normal(100, 10, 1, 60), 3, 40);
        raw[10] = 1000;

        var cleaned = SeriesCleaner.Clean(raw, NaNStrategy.Remove, OutlierStrategy.Remove, 3.0);

        Assert.That(cleaned.NaNPoints, Is.EqualTo(2));
        Assert.That(cleaned.OutliersRemoved, Is.EqualTo(1));
        Assert.That(cleaned.Values, Has.Length.EqualTo(97));
    }

    [Test]
    public void Should_change_the_classification_when_outliers_are_removed()
    {
        // A real 5% shift, and one spike that lifts the experiment's mean ratio past the allowed increase of 1.1.
        var control = Series.Normal(200, 10, 0.5, 61);
        var experiment = Series.Normal(200, 10.5, 0.5, 62);
        experiment[17] = 500;
        var settings = new MetricAnalysisSettings { AllowedIncrease = 1.1, OutlierFactor = 3.0 };
        var judge = new NetflixAcaJudge();

        var kept = judge.JudgeMetric("m", control, experiment, settings with { OutlierStrategy = OutlierStrategy.Keep });
        var removed = judge.JudgeMetric("m", control, experiment, settings with { OutlierStrategy = OutlierStrategy.Remove });

        Assert.That(kept.Classification.Classification, Is.EqualTo(MetricClassificationLabel.High));
        Assert.That(removed.Classification.Classification, Is.EqualTo(MetricClassificationLabel.Pass));
        Assert.That(removed.Experiment.OutliersRemoved, Is.EqualTo(1));
        Assert.That(removed.Explanation.Experiment.OutliersRemoved, Is.EqualTo(1));
    }
}
