namespace Spinnaker.Mesh.CanaryJudge.Explanations;

/// <summary>
/// Why a metric got its label, written into <c>resultMetadata.explanation</c> (beyond Kayenta, which reports only
/// the label and the mean ratio). Non-finite figures are written as "NaN"/"Infinity" like every Kayenta double.
/// </summary>
public sealed record MetricExplanation
{
    /// <summary>One sentence, e.g. "p99 latency: experiment is higher by 12.3 (98% interval 10.1..14) and the mean ratio 1.31 exceeds the allowed increase 1.1: High".</summary>
    public required string Summary { get; init; }
    /// <summary>Why data is missing, when it is (no data for a scope, or control and experiment label sets that differ).</summary>
    public string? LikelyCause { get; init; }
    public required string Classification { get; init; }
    /// <summary>The check that decided: missingData, identicalData, singleDistinctValue, rankSumInterval or failed.</summary>
    public required string DecidedBy { get; init; }
    public bool Critical { get; init; }
    /// <summary>Two-sided p-value of the rank-sum test for no shift (normal approximation with continuity correction).</summary>
    public double? PValue { get; init; }
    public double ConfidenceLevel { get; init; }
    /// <summary>Interval for the shift experiment − control.</summary>
    public ShiftInterval? Interval { get; init; }
    /// <summary>Hodges–Lehmann estimate of the shift experiment − control.</summary>
    public double? Estimate { get; init; }
    /// <summary>±tolerance·|estimate|: the interval must lie wholly outside it for High or Low.</summary>
    public ToleranceBand? ToleranceBand { get; init; }
    public required EffectSizeExplanation EffectSize { get; init; }
    public required EffectThresholds Thresholds { get; init; }
    /// <summary>increase, decrease or either: the changes that can fail the metric.</summary>
    public required string Direction { get; init; }
    public bool CriticalMetric { get; init; }
    public bool MustHaveData { get; init; }
    public bool NoiseAdded { get; init; }
    public required SideExplanation Control { get; init; }
    public required SideExplanation Experiment { get; init; }
    public string? Error { get; init; }
}

public sealed record ShiftInterval(double Lower, double Upper);

public sealed record ToleranceBand(double Lower, double Upper, double Tolerance);

/// <param name="Measure">meanRatio or cles.</param>
/// <param name="Value">The measure's value (NaN when it cannot be computed, e.g. a mean of 0).</param>
/// <param name="MeanRatio">experiment mean / control mean, whatever the measure.</param>
public sealed record EffectSizeExplanation(string Measure, double? Value, double? MeanRatio);

public sealed record EffectThresholds(double AllowedIncrease, double AllowedDecrease, double CriticalIncrease, double CriticalDecrease);

/// <param name="RawPoints">Points received.</param>
/// <param name="NaNPoints">NaN points received.</param>
/// <param name="NanStrategy">remove or replace (with 0).</param>
/// <param name="OutliersRemoved">Points the IQR detector removed (outlier strategy remove).</param>
/// <param name="Points">Points the classifier used.</param>
public sealed record SideExplanation(int RawPoints, int NaNPoints, string NanStrategy, int OutliersRemoved, int Points);
