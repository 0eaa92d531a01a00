using Spinnaker.Mesh.CanaryJudge.Cleaning;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.Classification;

/// <summary>
/// Kayenta's benchmarking classifier (<c>MeanInequalityClassifier</c>): High when the experiment's mean is greater,
/// Low when it is smaller (as the direction allows), otherwise Pass. Every High or Low of a critical metric is critical.
/// </summary>
public sealed class MeanInequalityClassifier
{
    public MetricClassification Classify(
        ReadOnlySpan<double> control,
        ReadOnlySpan<double> experiment,
        MetricDirection direction = MetricDirection.Either,
        NaNStrategy nanStrategy = NaNStrategy.Remove,
        bool isCriticalMetric = false,
        bool isDataRequired = false)
    {
        var evidence = new ClassificationEvidence { Rule = DecisionRule.MeanComparison };
        if (experiment.IsEmpty || control.IsEmpty)
        {
            var missing = evidence with { Rule = DecisionRule.MissingData };
            if (nanStrategy != NaNStrategy.Remove)
                return new MetricClassification(MetricClassificationLabel.Pass, null, 1.0, false) { Evidence = missing };
            return isDataRequired && !isCriticalMetric
                ? new MetricClassification(MetricClassificationLabel.NodataFailMetric, null, 1.0, false) { Evidence = missing }
                : new MetricClassification(MetricClassificationLabel.Nodata, null, 0.0, isCriticalMetric) { Evidence = missing };
        }

        var experimentMean = Descriptive.Mean(experiment);
        var controlMean = Descriptive.Mean(control);
        var ratio = experimentMean / controlMean;
        if (direction is MetricDirection.Increase or MetricDirection.Either && experimentMean > controlMean)
            return new MetricClassification(MetricClassificationLabel.High, "The Canary mean was greater than the Baseline mean", ratio, isCriticalMetric)
            {
                Evidence = evidence with { EffectSize = ratio },
            };
        if (direction is MetricDirection.Decrease or MetricDirection.Either && experimentMean < controlMean)
            return new MetricClassification(MetricClassificationLabel.Low, "The Canary mean was less than the Baseline mean", ratio, isCriticalMetric)
            {
                Evidence = evidence with { EffectSize = ratio },
            };
        return new MetricClassification(MetricClassificationLabel.Pass, null, 1.0, false) { Evidence = evidence };
    }
}
