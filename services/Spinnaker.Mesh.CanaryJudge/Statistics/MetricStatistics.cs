using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.CanaryJudge.Statistics;

/// <summary>
/// The statistics Kayenta reports per side of a metric (<c>experimentMetadata.stats</c>, <c>controlMetadata.stats</c>),
/// taken after cleaning. Older stored results carry <c>median</c> and no <c>std</c>, so both are optional when read.
/// </summary>
public sealed record MetricStatistics
{
    [JsonPropertyName("min")] public double Min { get; init; }
    [JsonPropertyName("max")] public double Max { get; init; }
    [JsonPropertyName("mean")] public double Mean { get; init; }
    [JsonPropertyName("std")] public double? Std { get; init; }
    [JsonPropertyName("median")] public double? Median { get; init; }
    [JsonPropertyName("count")] public int Count { get; init; }

    /// <summary>Kayenta's <c>DescriptiveStatistics.summary</c>: all zero for an empty series, sample standard deviation.</summary>
    public static MetricStatistics Of(ReadOnlySpan<double> values) => values.IsEmpty
        ? new MetricStatistics { Std = 0.0 }
        : new MetricStatistics
        {
            Min = Descriptive.Min(values),
            Max = Descriptive.Max(values),
            Mean = Descriptive.Mean(values),
            Std = Math.Sqrt(Descriptive.Variance(values)),
            Count = values.Length,
        };
}
