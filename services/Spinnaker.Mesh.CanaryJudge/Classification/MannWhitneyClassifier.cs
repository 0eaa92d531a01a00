using Spinnaker.Mesh.CanaryJudge.Cleaning;
using Spinnaker.Mesh.CanaryJudge.MannWhitney;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.Classification;

/// <summary>
/// Kayenta's <c>MannWhitneyClassifier</c>: classifies cleaned experiment data against cleaned control data as Pass,
/// High, Low, Nodata or NodataFailMetric, in the order of its checks (missing data, identical data, one distinct
/// value, noise for constant samples, rank-sum interval against a tolerance band, effect size, critical escalation).
/// The constructor defaults are Kayenta's (tolerance 0.25, confidence 0.95); the judge uses 0.25 and 0.98.
/// </summary>
public sealed class MannWhitneyClassifier
{
    /// <summary>The seed for the noise added to constant samples. Kayenta draws unseeded; a fixed seed makes judgments repeatable.</summary>
    public const long DefaultNoiseSeed = 20170901;

    private const string ExperimentLabel = "Canary";
    private const string ControlLabel = "Baseline";

    private readonly double _tolerance;
    private readonly double _confLevel;
    private readonly (double Decrease, double Increase) _effectSizeThresholds;
    private readonly (double Decrease, double Increase) _criticalThresholds;
    private readonly string _effectSizeMeasure;
    private readonly long _noiseSeed;

    public MannWhitneyClassifier(
        double tolerance = 0.25,
        double confLevel = 0.95,
        (double Decrease, double Increase)? effectSizeThresholds = null,
        (double Decrease, double Increase)? criticalThresholds = null,
        string effectSizeMeasure = MetricAnalysisSettings.MeanRatio,
        long noiseSeed = DefaultNoiseSeed)
    {
        _tolerance = tolerance;
        _confLevel = confLevel;
        _effectSizeThresholds = effectSizeThresholds ?? (1.0, 1.0);
        _criticalThresholds = criticalThresholds ?? (1.0, 1.0);
        _effectSizeMeasure = effectSizeMeasure;
        _noiseSeed = noiseSeed;
    }

    /// <summary>The classifier the judge builds for a metric's settings.</summary>
    public static MannWhitneyClassifier For(MetricAnalysisSettings settings, long noiseSeed = DefaultNoiseSeed) => new(
        settings.Tolerance,
        settings.ConfidenceLevel,
        (settings.AllowedDecrease, settings.AllowedIncrease),
        (settings.CriticalDecrease, settings.CriticalIncrease),
        settings.EffectSizeMeasure,
        noiseSeed);

    /// <summary>Classifies one metric. Throws <see cref="MannWhitneyException"/> when the interval cannot be computed.</summary>
    public MetricClassification Classify(
        string metricName,
        ReadOnlySpan<double> control,
        ReadOnlySpan<double> experiment,
        MetricDirection direction = MetricDirection.Either,
        NaNStrategy nanStrategy = NaNStrategy.Remove,
        bool isCriticalMetric = false,
        bool isDataRequired = false)
    {
        // 1. No data on a side.
        if (experiment.IsEmpty || control.IsEmpty)
        {
            var missing = new ClassificationEvidence { Rule = DecisionRule.MissingData };
            if (nanStrategy != NaNStrategy.Remove)
                return new MetricClassification(MetricClassificationLabel.Pass, null, 1.0, false) { Evidence = missing };
            var reason = $"Missing data for {metricName}";
            return isDataRequired && !isCriticalMetric
                ? new MetricClassification(MetricClassificationLabel.NodataFailMetric, reason, 1.0, false) { Evidence = missing }
                : new MetricClassification(MetricClassificationLabel.Nodata, reason, 1.0, isCriticalMetric) { Evidence = missing };
        }

        // 2. The same multiset of values.
        if (SameSortedValues(experiment, control))
            return new MetricClassification(MetricClassificationLabel.Pass, $"The {ExperimentLabel} and {ControlLabel} data are identical", 1.0, false)
            {
                Evidence = new ClassificationEvidence { Rule = DecisionRule.IdenticalData },
            };

        // 3. One distinct value across both sides.
        if (DistinctCount(experiment, control) == 1)
            return new MetricClassification(MetricClassificationLabel.Pass, null, 1.0, false)
            {
                Evidence = new ClassificationEvidence { Rule = DecisionRule.SingleDistinctValue },
            };

        // 4-6. Rank-sum interval and effect size.
        var comparison = Compare(metricName, control, experiment, direction);

        // 7. Critical escalation.
        var effect = comparison.Evidence.EffectSize ?? double.NaN;
        var criticalHigh = isCriticalMetric && comparison.Classification == MetricClassificationLabel.High
            && (double.IsNaN(effect) || effect >= _criticalThresholds.Increase);
        var criticalLow = isCriticalMetric && comparison.Classification == MetricClassificationLabel.Low
            && (double.IsNaN(effect) || effect <= _criticalThresholds.Decrease);
        if (criticalHigh)
            return comparison with { Reason = $"The metric {metricName} was classified as High (Critical)", Critical = true };
        if (criticalLow)
            return comparison with { Reason = $"The metric {metricName} was classified as Low (Critical)", Critical = true };
        return comparison with { Critical = false };
    }

    private MetricClassification Compare(string metricName, ReadOnlySpan<double> control, ReadOnlySpan<double> experiment, MetricDirection direction)
    {
        // Constant samples tie every rank within a side; Kayenta perturbs them slightly so the interval exists.
        var addNoise = DistinctCount(experiment, []) == 1 && DistinctCount(control, []) == 1;
        double[] x, y;
        if (addNoise)
        {
            var random = new JavaRandom(_noiseSeed);
            x = Transforms.AddGaussianNoise(experiment, 0.0, experiment[0] * 1e-5, random);
            y = Transforms.AddGaussianNoise(control, 0.0, control[0] * 1e-5, random);
        }
        else
        {
            x = experiment.ToArray();
            y = control.ToArray();
        }

        var test = MannWhitneyTest.Run(x, y, _confLevel);
        var deviation = EffectSizes.MeanRatio(y, x);
        var effectSize = _effectSizeMeasure == MetricAnalysisSettings.Cles ? EffectSizes.Cles(y, x) : EffectSizes.MeanRatio(y, x);

        var band = _tolerance * Math.Abs(test.Estimate);
        var aboveBand = test.Lower > band;
        var belowBand = test.Upper < -band;
        var isHigh = direction is MetricDirection.Increase or MetricDirection.Either
            && aboveBand && (double.IsNaN(effectSize) || effectSize >= _effectSizeThresholds.Increase);
        var isLow = direction is MetricDirection.Decrease or MetricDirection.Either
            && belowBand && (double.IsNaN(effectSize) || effectSize <= _effectSizeThresholds.Decrease);

        var evidence = new ClassificationEvidence
        {
            Rule = DecisionRule.RankSumInterval,
            Test = test,
            EffectSize = effectSize,
            ToleranceBand = band,
            NoiseAdded = addNoise,
            IntervalAboveBand = aboveBand,
            IntervalBelowBand = belowBand,
        };
        if (isHigh) return new MetricClassification(MetricClassificationLabel.High, $"{metricName} was classified as High", deviation, false) { Evidence = evidence };
        if (isLow) return new MetricClassification(MetricClassificationLabel.Low, $"{metricName} was classified as Low", deviation, false) { Evidence = evidence };
        return new MetricClassification(MetricClassificationLabel.Pass, null, deviation, false) { Evidence = evidence };
    }

    private static bool SameSortedValues(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) return false;
        var sa = a.ToArray();
        var sb = b.ToArray();
        Array.Sort(sa);
        Array.Sort(sb);
        for (var i = 0; i < sa.Length; i++)
            if (sa[i] != sb[i]) return false;
        return true;
    }

    // Scala's distinct compares boxed Doubles (java.lang.Double.equals: by bits, all NaNs equal, 0.0 ≠ −0.0).
    internal static int DistinctCount(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var seen = new HashSet<long>();
        foreach (var v in a) seen.Add(Bits(v));
        foreach (var v in b) seen.Add(Bits(v));
        return seen.Count;
    }

    private static long Bits(double v) => double.IsNaN(v) ? 0x7ff8000000000000L : BitConverter.DoubleToInt64Bits(v);
}
