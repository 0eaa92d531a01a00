using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Cleaning;
using Spinnaker.Mesh.CanaryJudge.Explanations;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.Scoring;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge;

/// <summary>A metric set pair names a metric the canary config does not have (Kayenta throws IllegalArgumentException).</summary>
public sealed class UnknownMetricException(string metricName, int pairIndex)
    : ArgumentException($"Could not find metric config for {metricName}")
{
    public string MetricName { get; } = metricName;
    /// <summary>Index of the offending pair in the metric set pair list.</summary>
    public int PairIndex { get; } = pairIndex;
}

/// <summary>One metric judged on its own: Kayenta's classification, the stats of both sides after cleaning, and the explanation.</summary>
public sealed record MetricJudgment(
    MetricClassification Classification,
    MetricStatistics ControlStats,
    MetricStatistics ExperimentStats,
    CleanedSeries Control,
    CleanedSeries Experiment,
    MetricExplanation Explanation);

/// <summary>
/// Kayenta's NetflixACAJudge-v1.0, ported: cleans each metric (NaN, IQR outliers), classifies it with the
/// Mann–Whitney classifier (tolerance 0.25, confidence 0.98), scores the groups and the canary, and classifies the
/// score against the thresholds. Every result also carries <c>resultMetadata.explanation</c>. Thread-safe and stateless.
/// </summary>
public sealed class NetflixAcaJudge(long noiseSeed = MannWhitneyClassifier.DefaultNoiseSeed)
{
    public const string Name = "NetflixACAJudge-v1.0";

    /// <summary>
    /// Judges a canary. <paramref name="scoreThresholds"/> are the execution request's (Kayenta ignores the config's
    /// <c>classifier.scoreThresholds</c>). Validate the input first with <see cref="Validation.RemoteJudgeRequestValidator"/>.
    /// </summary>
    /// <exception cref="UnknownMetricException">a pair names a metric the config does not have.</exception>
    /// <exception cref="ArgumentException">the thresholds lack pass or marginal.</exception>
    public CanaryJudgeResult Judge(CanaryConfig canaryConfig, CanaryClassifierThresholdsConfig scoreThresholds, IReadOnlyList<MetricSetPair> metricSetPairList)
    {
        ArgumentNullException.ThrowIfNull(canaryConfig);
        ArgumentNullException.ThrowIfNull(scoreThresholds);
        ArgumentNullException.ThrowIfNull(metricSetPairList);
        var causes = LikelyCauses.ForPairs(metricSetPairList);
        var metrics = new CanaryMetricConfig[metricSetPairList.Count];
        for (var i = 0; i < metricSetPairList.Count; i++)
        {
            var pair = metricSetPairList[i];
            metrics[i] = canaryConfig.Metrics?.FirstOrDefault(m => m.Name == pair.Name)
                         ?? throw new UnknownMetricException(pair.Name ?? "null", i);
        }
        // Metrics are judged independently (each with its own seeded noise), so they are judged in parallel; the
        // results keep the pairs' order, and the scores do not depend on which finished first.
        var results = new CanaryAnalysisResult[metricSetPairList.Count];
        Parallel.For(0, results.Length, i => results[i] = ClassifyMetric(metrics[i], metricSetPairList[i], causes.GetValueOrDefault(i)));
        return ScoringHelper.Score(Name, canaryConfig, scoreThresholds, results);
    }

    /// <summary>One metric's <see cref="CanaryAnalysisResult"/>, as Kayenta's <c>classifyMetric</c> builds it, plus the explanation.</summary>
    public CanaryAnalysisResult ClassifyMetric(CanaryMetricConfig metric, MetricSetPair pair, string? likelyCause = null)
    {
        var settings = MetricAnalysisSettings.From(metric);
        var judgment = JudgeMetric(pair.Name ?? metric.Name ?? "", pair.Control, pair.Experiment, settings, likelyCause);
        var c = judgment.Classification;
        var failed = c.Evidence.Rule == DecisionRule.Failed;
        var resultMetadata = new Dictionary<string, object?>();
        // Kayenta writes no resultMetadata for an Error; the explanation alone is there for us.
        if (!failed) resultMetadata[CanaryAnalysisResult.RatioKey] = c.Deviation;
        resultMetadata[CanaryAnalysisResult.ExplanationKey] = judgment.Explanation;
        return new CanaryAnalysisResult
        {
            Name = pair.Name,
            Id = pair.Id,
            Tags = pair.Tags,
            Groups = metric.Groups,
            Muted = settings.Muted,
            Classification = c.Classification.ToString(),
            ClassificationReason = c.Reason,
            Critical = c.Critical,
            ExperimentMetadata = new Dictionary<string, object?> { [CanaryAnalysisResult.StatsKey] = judgment.ExperimentStats },
            ControlMetadata = new Dictionary<string, object?> { [CanaryAnalysisResult.StatsKey] = judgment.ControlStats },
            ResultMetadata = resultMetadata,
        };
    }

    /// <summary>
    /// Judges one metric from two raw series with a metric config's options, without a canary config: for example an
    /// SLI "after" a deployment (experiment) against "before" (control). NaN marks a missing point.
    /// </summary>
    public MetricJudgment JudgeMetric(CanaryMetricConfig metric, ReadOnlySpan<double> control, ReadOnlySpan<double> experiment) =>
        JudgeMetric(metric.Name ?? "", control, experiment, MetricAnalysisSettings.From(metric));

    /// <summary>Judges one metric from two raw series with explicit settings (Kayenta's defaults when <c>new()</c>).</summary>
    public MetricJudgment JudgeMetric(string metricName, ReadOnlySpan<double> control, ReadOnlySpan<double> experiment, MetricAnalysisSettings settings, string? likelyCause = null)
    {
        likelyCause ??= LikelyCauses.ForSides(LikelyCauses.IsMissing(control), LikelyCauses.IsMissing(experiment));
        var cleanedExperiment = SeriesCleaner.Clean(experiment, settings.NanStrategy, settings.OutlierStrategy, settings.OutlierFactor);
        var cleanedControl = SeriesCleaner.Clean(control, settings.NanStrategy, settings.OutlierStrategy, settings.OutlierFactor);
        var experimentStats = MetricStatistics.Of(cleanedExperiment.Values);
        var controlStats = MetricStatistics.Of(cleanedControl.Values);

        MetricClassification classification;
        try
        {
            classification = MannWhitneyClassifier.For(settings, noiseSeed).Classify(
                metricName, cleanedControl.Values, cleanedExperiment.Values,
                settings.Direction, settings.NanStrategy, settings.Critical, settings.MustHaveData);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Kayenta catches any RuntimeException here and reports the metric as Error, not critical.
            classification = new MetricClassification(MetricClassificationLabel.Error, "Metric Classification Failed", double.NaN, false)
            {
                Evidence = new ClassificationEvidence { Rule = DecisionRule.Failed, Error = e.Message },
            };
        }
        var explanation = ExplanationBuilder.Explain(metricName, settings, cleanedControl, cleanedExperiment, classification, likelyCause);
        return new MetricJudgment(classification, controlStats, experimentStats, cleanedControl, cleanedExperiment, explanation);
    }
}
