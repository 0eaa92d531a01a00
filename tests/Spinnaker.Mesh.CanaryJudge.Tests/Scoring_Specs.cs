using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.Scoring;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class The_weighted_sum_scorer
{
    private static CanaryAnalysisResult Result(string classification, params string[] groups) => new() { Name = "m", Classification = classification, Groups = groups };

    [Test]
    public void Should_share_what_the_configured_weights_leave_among_the_groups_without_one()
    {
        // a: 60 configured; b and c share the remaining 40 → 20 each.
        var scorer = new WeightedSumScorer(new Dictionary<string, double> { ["a"] = 60 });

        var score = scorer.Score([Result("Pass", "a"), Result("High", "b"), Result("Pass", "c")]);

        Assert.That(score.SummaryScore, Is.EqualTo(60 + 20));
    }

    [Test]
    public void Should_drop_the_weight_of_a_configured_group_that_has_no_metrics()
    {
        var scorer = new WeightedSumScorer(new Dictionary<string, double> { ["a"] = 50, ["absent"] = 50 });

        var score = scorer.Score([Result("Pass", "a"), Result("Pass", "a")]);

        Assert.That(score.SummaryScore, Is.EqualTo(50), "100 cannot be reached: weights are not normalised");
    }

    [Test]
    public void Should_count_a_group_with_only_nodata_metrics_as_full_marks_in_the_summary()
    {
        var scorer = new WeightedSumScorer(new Dictionary<string, double> { ["a"] = 70, ["b"] = 30 });

        var score = scorer.Score([Result("High", "a"), Result("Pass", "a"), Result("Pass", "a"), Result("Nodata", "b")]);

        Assert.That(score.GroupScores.Single(g => g.Name == "b").Score, Is.Zero);
        Assert.That(score.GroupScores.Single(g => g.Name == "b").NoData, Is.True);
        Assert.That(score.SummaryScore, Is.EqualTo(HalfUp.Round(200.0 / 3 * 0.7 + 30, 2)));
    }

    [Test]
    public void Should_round_half_up_on_the_decimal_value_as_Kayenta_does()
    {
        // 2.675 is stored as 2.67499999…; Kayenta rounds the decimal text "2.675", so 2.68.
        var scorer = new WeightedSumScorer(new Dictionary<string, double> { ["a"] = 2.675 });

        var score = scorer.Score([Result("Pass", "a")]);

        Assert.That(score.SummaryScore, Is.EqualTo(2.68));
        Assert.That(HalfUp.Round(1.005, 2), Is.EqualTo(1.01));
        Assert.That(HalfUp.Round(33.333333333333336, 2), Is.EqualTo(33.33));
    }
}

public sealed class The_score_thresholds
{
    private static string Classify(double score) =>
        new ThresholdScoreClassifier(95, 75).Classify(new ScoreResult([], score, 1, null)).Classification.ToString();

    [Test]
    public void Should_call_a_score_equal_to_the_pass_threshold_pass() => Assert.That(Classify(95), Is.EqualTo("Pass"));

    [Test]
    public void Should_call_a_score_equal_to_the_marginal_threshold_marginal() => Assert.That(Classify(75), Is.EqualTo("Marginal"));

    [Test]
    public void Should_call_a_score_just_below_marginal_fail() => Assert.That(Classify(74.99), Is.EqualTo("Fail"));
}

public sealed class Orca_and_Kayenta_standalone_outcomes
{
    [Test]
    public void Should_fail_a_marginal_score_at_the_end_although_each_interval_continued()
    {
        Assert.That(CanaryOutcome.OrcaIntervalStops(80, 75), Is.False);
        Assert.That(CanaryOutcome.OrcaAggregate([80], 75, 95).Status, Is.EqualTo(OrcaCanaryStatus.Terminal));
        Assert.That(CanaryOutcome.StandaloneDidPassThresholds(80, 75, 95), Is.False);
    }

    [Test]
    public void Should_stop_an_interval_at_a_score_equal_to_marginal() => Assert.That(CanaryOutcome.OrcaIntervalStops(75, 75), Is.True);

    [Test]
    public void Should_read_Kayentas_score_as_Orcas_truncated_integer() => Assert.That(CanaryOutcome.OrcaScore(74.99), Is.EqualTo(74));
}
