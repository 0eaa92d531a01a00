using Spinnaker.Mesh.CanaryJudge.MannWhitney;

namespace Spinnaker.Mesh.CanaryJudge.Classification;

/// <summary>Which of the classifier's checks decided the label.</summary>
public enum DecisionRule
{
    /// <summary>A side had no points after cleaning.</summary>
    MissingData,
    /// <summary>Both sides hold the same multiset of values.</summary>
    IdenticalData,
    /// <summary>Every point of both sides is the same value.</summary>
    SingleDistinctValue,
    /// <summary>The Mann–Whitney interval against the tolerance band, and the effect size against its thresholds.</summary>
    RankSumInterval,
    /// <summary>The means compared directly (<see cref="MeanInequalityClassifier"/>).</summary>
    MeanComparison,
    /// <summary>The classification threw.</summary>
    Failed,
}

/// <summary>The figures behind a label, for explanations.</summary>
public sealed record ClassificationEvidence
{
    public required DecisionRule Rule { get; init; }
    /// <summary>The rank-sum interval and estimate (only for <see cref="DecisionRule.RankSumInterval"/>).</summary>
    public MannWhitneyResult? Test { get; init; }
    /// <summary>The effect size in the configured measure (NaN when a mean is 0 for meanRatio).</summary>
    public double? EffectSize { get; init; }
    /// <summary>Half-width b = tolerance·|estimate| of the band the interval must clear.</summary>
    public double? ToleranceBand { get; init; }
    /// <summary>Both sides were constant, so Gaussian noise (sd = value·1e-5, fixed seed) was added before ranking.</summary>
    public bool NoiseAdded { get; init; }
    /// <summary>The interval lies above +b (a High candidate before direction and effect size).</summary>
    public bool IntervalAboveBand { get; init; }
    /// <summary>The interval lies below −b.</summary>
    public bool IntervalBelowBand { get; init; }
    /// <summary>The failure's message when <see cref="Rule"/> is <see cref="DecisionRule.Failed"/>.</summary>
    public string? Error { get; init; }
}

/// <summary>
/// A metric's label as Kayenta computes it: the label, the reason (null when Kayenta gives none), the deviation
/// Kayenta reports as <c>resultMetadata.ratio</c> (mean ratio, 1.0 when not computed) and whether it is a critical
/// failure, plus the <see cref="Evidence"/> behind it.
/// </summary>
public sealed record MetricClassification(MetricClassificationLabel Classification, string? Reason, double Deviation, bool Critical)
{
    public required ClassificationEvidence Evidence { get; init; }
}
