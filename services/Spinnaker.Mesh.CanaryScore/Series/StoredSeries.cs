using Spinnaker.Mesh.CanaryScore.Prometheus.Query;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>A series as stored: its id, metric name and labels (without <c>__name__</c>).</summary>
internal sealed record StoredSeries(Guid Id, string Metric, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>A label's value, <c>__name__</c> included; <c>""</c> when the series lacks it (as in Prometheus).</summary>
    public string Label(string name) => name == LabelMatcher.MetricNameLabel ? Metric : Labels.GetValueOrDefault(name, "");

    /// <summary>
    /// Whether its samples are increments of a counter: by Prometheus' naming convention, a name ending in
    /// <c>_total</c>. Each stored sample of a counter is one increment (e.g. 1 per completed execution) and the series
    /// reads as the running sum, so increments may arrive in any order and a redelivered one counts once.
    /// </summary>
    public bool IsCounter => IsCounterName(Metric);

    public static bool IsCounterName(string metric) => metric.EndsWith("_total", StringComparison.Ordinal);
}

/// <summary>The evaluation times of a range query: <c>start, start+step, ...</c> up to <c>end</c>, in unix milliseconds.</summary>
internal readonly record struct StepRange(long StartMs, long EndMs, long StepMs)
{
    public int Count => (int)((EndMs - StartMs) / StepMs) + 1;

    public long At(int step) => StartMs + step * StepMs;

    /// <summary>The last evaluation time (<see cref="EndMs"/> itself only when it falls on a step).</summary>
    public long LastMs => At(Count - 1);

    public static StepRange Instant(long atMs) => new(atMs, atMs, 1);
}
