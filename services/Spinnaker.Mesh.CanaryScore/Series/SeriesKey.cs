using System.Text.Json;
using System.Text.RegularExpressions;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// How a series and a sample are identified: name-based ids of the tenant, metric and sorted labels, and of the
/// sample's <see cref="SeriesSample.SampleId"/> — the same observation always lands on the same row.
/// </summary>
internal static partial class SeriesKey
{
    private static readonly Guid SeriesNamespace = new("5e7d2a6c-3f0b-4c61-9a57-1f0e8b6c2d41");
    private static readonly Guid SampleNamespace = new("0b9c4e1a-8d2f-4a37-b6e5-7c3d9f1a2e58");

    /// <summary>The labels a series is stored under: sorted by name, empty values left out (Prometheus treats an empty label as absent).</summary>
    public static SortedDictionary<string, string> Canonical(IReadOnlyDictionary<string, string> labels)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            if (string.IsNullOrEmpty(value)) continue;
            if (!LabelName().IsMatch(name) || name.StartsWith("__", StringComparison.Ordinal))
                throw new ArgumentException($"'{name}' is not a label name a series can carry ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __).", nameof(labels));
            sorted[name] = value;
        }
        return sorted;
    }

    public static void RequireMetricName(string metric)
    {
        if (!MetricName().IsMatch(metric))
            throw new ArgumentException($"'{metric}' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(metric));
    }

    public static Guid SeriesId(string tenant, string metric, SortedDictionary<string, string> canonicalLabels)
    {
        var parts = new string?[2 + 2 * canonicalLabels.Count];
        parts[0] = tenant;
        parts[1] = metric;
        var i = 2;
        foreach (var (name, value) in canonicalLabels)
        {
            parts[i++] = name;
            parts[i++] = value;
        }
        return DeterministicId.FromParts(SeriesNamespace, parts);
    }

    /// <summary>
    /// One sample per tenant, metric and subject (<see cref="SeriesSample.SampleId"/>: a judgment, an execution, a
    /// stage), whatever its labels: a subject whose labels change moves its sample rather than leaving a second one.
    /// </summary>
    public static Guid SampleKey(string tenant, string metric, string sampleId) => DeterministicId.FromParts(SampleNamespace, [tenant, metric, sampleId]);

    public static string LabelsJson(SortedDictionary<string, string> canonicalLabels) => JsonSerializer.Serialize(canonicalLabels);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
