using Spinnaker.Mesh.CanaryJudge.Cleaning;
using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Classification;

/// <summary>
/// A metric's options with Kayenta's defaults applied (<c>NetflixACAJudge.classifyMetric</c>): direction either,
/// NaN removed, outliers kept (factor 3), not critical, data not required, not muted, effect size meanRatio with all
/// four thresholds 1.0 (0.5 for cles). Tolerance 0.25 and confidence 0.98 are fixed in the judge.
/// </summary>
public sealed record MetricAnalysisSettings
{
    public const string MeanRatio = "meanRatio";
    public const string Cles = "cles";

    public MetricDirection Direction { get; init; } = MetricDirection.Either;
    public NaNStrategy NanStrategy { get; init; } = NaNStrategy.Remove;
    public OutlierStrategy OutlierStrategy { get; init; } = OutlierStrategy.Keep;
    public double OutlierFactor { get; init; } = 3.0;
    public bool Critical { get; init; }
    public bool MustHaveData { get; init; }
    public bool Muted { get; init; }
    /// <summary><see cref="MeanRatio"/> or <see cref="Cles"/> (any other text acts as meanRatio, as in Kayenta).</summary>
    public string EffectSizeMeasure { get; init; } = MeanRatio;
    public double AllowedIncrease { get; init; } = 1.0;
    public double AllowedDecrease { get; init; } = 1.0;
    public double CriticalIncrease { get; init; } = 1.0;
    public double CriticalDecrease { get; init; } = 1.0;
    public double Tolerance { get; init; } = 0.25;
    public double ConfidenceLevel { get; init; } = 0.98;

    public bool UsesCles => EffectSizeMeasure == Cles;

    /// <summary>Kayenta's reading of <c>analysisConfigurations.canary</c> (or the legacy <c>extensions.canary</c>).</summary>
    public static MetricAnalysisSettings From(CanaryMetricConfig metric) => From(metric.Canary);

    public static MetricAnalysisSettings From(CanaryAnalysisConfiguration? canary)
    {
        var measure = canary?.EffectSize?.Measure ?? MeanRatio;
        var defaultEffect = measure == Cles ? 0.5 : 1.0;
        return new MetricAnalysisSettings
        {
            Direction = KayentaEnums.ParseDirection(canary?.Direction),
            NanStrategy = KayentaEnums.ParseNaNStrategy(canary?.NanStrategy),
            OutlierStrategy = KayentaEnums.ParseOutlierStrategy(canary?.Outliers?.Strategy),
            OutlierFactor = canary?.Outliers?.OutlierFactor ?? 3.0,
            Critical = canary?.Critical ?? false,
            MustHaveData = canary?.MustHaveData ?? false,
            Muted = canary?.Muted ?? false,
            EffectSizeMeasure = measure,
            AllowedIncrease = canary?.EffectSize?.AllowedIncrease ?? defaultEffect,
            AllowedDecrease = canary?.EffectSize?.AllowedDecrease ?? defaultEffect,
            CriticalIncrease = canary?.EffectSize?.CriticalIncrease ?? defaultEffect,
            CriticalDecrease = canary?.EffectSize?.CriticalDecrease ?? defaultEffect,
        };
    }
}
