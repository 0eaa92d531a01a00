using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.CanaryJudge.Kayenta;

/// <summary>
/// Control and experiment series of one metric and one tag set, as Kayenta's mixer pairs them (<c>MetricSetPair.java</c>).
/// <c>values</c> holds <c>control</c> and <c>experiment</c>; NaN is written as the string "NaN". A null point is kept
/// as null so validation can name it (Kayenta fails on it).
/// </summary>
public sealed record MetricSetPair
{
    public const string ControlKey = "control";
    public const string ExperimentKey = "experiment";

    public string? Name { get; init; }
    public string? Id { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public IReadOnlyDictionary<string, double?[]>? Values { get; init; }
    public IReadOnlyDictionary<string, MetricSetScope>? Scopes { get; init; }
    /// <summary>Per side, what was asked of the store (e.g. <c>control.query</c>); kept as JSON because older documents use a flat map.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Attributes { get; init; }

    [JsonIgnore] public double[] Control => Side(ControlKey);
    [JsonIgnore] public double[] Experiment => Side(ExperimentKey);

    private double[] Side(string key)
    {
        if (Values is null || !Values.TryGetValue(key, out var points) || points is null) return [];
        var result = new double[points.Length];
        for (var i = 0; i < points.Length; i++) result[i] = points[i] ?? double.NaN;
        return result;
    }

    /// <summary>A pair from plain arrays.</summary>
    public static MetricSetPair Of(string name, double[] control, double[] experiment, IReadOnlyDictionary<string, string>? tags = null, string? id = null) => new()
    {
        Name = name,
        Id = id ?? Guid.NewGuid().ToString(),
        Tags = tags ?? new Dictionary<string, string>(),
        Values = new Dictionary<string, double?[]>
        {
            [ControlKey] = [.. control.Select(v => (double?)v)],
            [ExperimentKey] = [.. experiment.Select(v => (double?)v)],
        },
    };
}

/// <summary>Where a side's series starts and its step.</summary>
public sealed record MetricSetScope
{
    public string? StartTimeIso { get; init; }
    public long StartTimeMillis { get; init; }
    public long StepMillis { get; init; }
}
