using System.Text.Json;
using System.Text.Json.Serialization;
using Spinnaker.Mesh.CanaryJudge.Explanations;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.Kayenta;

/// <summary>What a judge returns (<c>CanaryJudgeResult.java</c>): per-metric results, group scores and the summary score.</summary>
public sealed record CanaryJudgeResult
{
    public string? JudgeName { get; init; }
    public IReadOnlyList<CanaryAnalysisResult>? Results { get; init; }
    public IReadOnlyList<CanaryJudgeGroupScore>? GroupScores { get; init; }
    public CanaryJudgeScore? Score { get; init; }
}

/// <summary>A group's share of passing metrics, 0–100, unrounded. Classification and reason are always "".</summary>
public sealed record CanaryJudgeGroupScore
{
    public string? Name { get; init; }
    public double? Score { get; init; }
    public string? Classification { get; init; }
    public string? ClassificationReason { get; init; }
}

/// <summary>The summary score (rounded to 2 decimals, half-up), Pass|Marginal|Fail and the reason ("" if none).</summary>
public sealed record CanaryJudgeScore
{
    public double Score { get; init; }
    public string? Classification { get; init; }
    public string? ClassificationReason { get; init; }
}

/// <summary>
/// One metric's judgment (<c>CanaryAnalysisResult.java</c>). The metadata maps are Kayenta's
/// <c>Map&lt;String, Object&gt;</c>: <c>experimentMetadata.stats</c>, <c>controlMetadata.stats</c> and
/// <c>resultMetadata.ratio</c> as Kayenta writes them, plus <c>resultMetadata.explanation</c>, which Kayenta, Orca and
/// Deck read past (they look up only the keys they know).
/// </summary>
public sealed record CanaryAnalysisResult
{
    public const string StatsKey = "stats";
    public const string RatioKey = "ratio";
    public const string ExplanationKey = "explanation";

    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public string? Id { get; init; }
    /// <summary>Pass, High, Low, Nodata, NodataFailMetric or Error.</summary>
    public string? Classification { get; init; }
    public string? ClassificationReason { get; init; }
    public IReadOnlyList<string>? Groups { get; init; }
    public IReadOnlyDictionary<string, object?>? ExperimentMetadata { get; init; }
    public IReadOnlyDictionary<string, object?>? ControlMetadata { get; init; }
    public IReadOnlyDictionary<string, object?>? ResultMetadata { get; init; }
    public bool Critical { get; init; }
    public bool Muted { get; init; }

    [JsonIgnore] public MetricStatistics? ExperimentStats => Read<MetricStatistics>(ExperimentMetadata, StatsKey);
    [JsonIgnore] public MetricStatistics? ControlStats => Read<MetricStatistics>(ControlMetadata, StatsKey);
    /// <summary>The mean ratio experiment/control Kayenta reports as the deviation (NaN when a mean is 0).</summary>
    [JsonIgnore] public double? Ratio => Read<double?>(ResultMetadata, RatioKey);
    [JsonIgnore] public MetricExplanation? Explanation => Read<MetricExplanation>(ResultMetadata, ExplanationKey);

    // A value is the typed object when the judge made it, a JsonElement when it was read from JSON.
    private static T? Read<T>(IReadOnlyDictionary<string, object?>? map, string key)
    {
        if (map is null || !map.TryGetValue(key, out var value) || value is null) return default;
        if (value is T typed) return typed;
        if (value is JsonElement element) return element.Deserialize<T>(KayentaJson.Options);
        return default;
    }
}
