using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.CanaryJudge.Kayenta;

/// <summary>
/// Kayenta's canary config (<c>CanaryConfig.java</c>). Unknown properties are ignored on reading, as Kayenta's mapper
/// does (<c>FAIL_ON_UNKNOWN_PROPERTIES</c> off).
/// </summary>
public sealed record CanaryConfig
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }

    /// <summary>A string in Kayenta; old configs write a number (<c>1.0</c>), which is read as its text.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ConfigVersion { get; init; }

    public IReadOnlyList<string>? Applications { get; init; }
    public long? CreatedTimestamp { get; init; }
    public long? UpdatedTimestamp { get; init; }
    public string? CreatedTimestampIso { get; init; }
    public string? UpdatedTimestampIso { get; init; }
    public CanaryJudgeConfig? Judge { get; init; }
    public IReadOnlyList<CanaryMetricConfig>? Metrics { get; init; }
    public IReadOnlyDictionary<string, string>? Templates { get; init; }
    public CanaryClassifierConfig? Classifier { get; init; }
}

/// <summary>Which judge Kayenta runs (<c>judge.name</c>), e.g. <c>NetflixACAJudge-v1.0</c>.</summary>
public sealed record CanaryJudgeConfig
{
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? JudgeConfigurations { get; init; }
}

/// <summary>Group weights, and thresholds Deck pre-fills the stage with (the judge uses the request's thresholds, not these).</summary>
public sealed record CanaryClassifierConfig
{
    public IReadOnlyDictionary<string, double>? GroupWeights { get; init; }
    public CanaryClassifierThresholdsConfig? ScoreThresholds { get; init; }
}

/// <summary>Score thresholds (<c>CanaryClassifierThresholdsConfig.java</c>): score ≥ pass is Pass, ≥ marginal is Marginal.</summary>
public sealed record CanaryClassifierThresholdsConfig
{
    public double? Pass { get; init; }
    public double? Marginal { get; init; }
}

/// <summary>One metric of a canary config.</summary>
public sealed record CanaryMetricConfig
{
    public string? Name { get; init; }
    public CanaryMetricSetQueryConfig? Query { get; init; }
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>Per-judge options; the NetflixACAJudge reads <c>canary</c>.</summary>
    public AnalysisConfigurations? AnalysisConfigurations { get; init; }

    /// <summary>
    /// The key early Kayenta configs used for <see cref="AnalysisConfigurations"/> (Kayenta's own test config still
    /// has it). Current Kayenta ignores it; we read it when <c>analysisConfigurations</c> is absent, so such configs
    /// keep their options. Written back only if it was read.
    /// </summary>
    [JsonPropertyName("extensions")]
    public AnalysisConfigurations? LegacyExtensions { get; init; }

    public string? ScopeName { get; init; }

    /// <summary>The judge's options: <c>analysisConfigurations.canary</c>, else the legacy <c>extensions.canary</c>.</summary>
    [JsonIgnore]
    public CanaryAnalysisConfiguration? Canary => AnalysisConfigurations?.Canary ?? LegacyExtensions?.Canary;
}

/// <summary><c>analysisConfigurations</c>: a map from judge family to its options; other families are kept as they came.</summary>
public sealed record AnalysisConfigurations
{
    public CanaryAnalysisConfiguration? Canary { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>
/// <c>analysisConfigurations.canary</c>. Absent values take Kayenta's defaults (see <see cref="Classification.MetricAnalysisSettings"/>).
/// Booleans must be JSON booleans: Kayenta casts them, so <c>"true"</c> fails there and is a read error here.
/// </summary>
public sealed record CanaryAnalysisConfiguration
{
    public string? Direction { get; init; }
    public string? NanStrategy { get; init; }
    public bool? Critical { get; init; }
    public bool? MustHaveData { get; init; }
    public bool? Muted { get; init; }
    public EffectSizeConfiguration? EffectSize { get; init; }
    public OutlierConfiguration? Outliers { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

public sealed record EffectSizeConfiguration
{
    /// <summary><c>meanRatio</c> (default) or <c>cles</c>.</summary>
    public string? Measure { get; init; }
    public double? AllowedIncrease { get; init; }
    public double? AllowedDecrease { get; init; }
    public double? CriticalIncrease { get; init; }
    public double? CriticalDecrease { get; init; }
}

public sealed record OutlierConfiguration
{
    /// <summary><c>keep</c> (default) or <c>remove</c>.</summary>
    public string? Strategy { get; init; }
    public double? OutlierFactor { get; init; }
}

/// <summary>
/// A metric's query. Polymorphic in Kayenta by <c>type</c>; the Prometheus fields are typed, every other store's
/// fields (Atlas <c>q</c>, Stackdriver <c>metricType</c>, ...) are kept in <see cref="Other"/>.
/// </summary>
public sealed record CanaryMetricSetQueryConfig
{
    public string? Type { get; init; }
    public string? MetricName { get; init; }
    public IReadOnlyList<string>? LabelBindings { get; init; }
    public IReadOnlyList<string>? GroupByFields { get; init; }
    public string? ResourceType { get; init; }
    public string? CustomInlineTemplate { get; init; }
    public string? CustomFilterTemplate { get; init; }
    /// <summary>Deprecated in Kayenta, which rejects a query that still sets it.</summary>
    public string? CustomFilter { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}
