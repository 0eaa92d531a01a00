using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service;

/// <summary>
/// The history the service specs' Prometheus holds, backfilled before it starts: every 5 s over the last 13 minutes,
/// each application its own series. Latency is a histogram of request durations, drawn uniformly from a range per
/// sample time; requests are counters of 200s and 500s. A seeded random makes every run the same.
/// </summary>
internal static class ImpactHistory
{
    public static readonly IReadOnlyList<double> Buckets = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5];
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    public static OpenMetricsHistory Latency(this OpenMetricsHistory history, string application, ImpactTimeline timeline,
        Func<DateTimeOffset, (double Low, double High)> range, int seed)
    {
        var random = new Random(seed);
        return history.Histogram("http_request_duration_seconds", Buckets,
            timeline.Samples(Step).Select(at =>
            {
                var (low, high) = range(at);
                return (at, (IReadOnlyList<double>)[.. Enumerable.Range(0, 40).Select(_ => low + random.NextDouble() * (high - low))]);
            }),
            ("app", application));
    }

    /// <summary>About 50 requests per sample, <paramref name="errorShare"/> of them 500s.</summary>
    public static OpenMetricsHistory Requests(this OpenMetricsHistory history, string application, string? ns, ImpactTimeline timeline,
        Func<DateTimeOffset, double> errorShare, int seed)
    {
        var random = new Random(seed);
        var samples = timeline.Samples(Step).Select(at => (At: at, Total: 45 + random.Next(11), Share: errorShare(at))).ToList();
        (string, string)[] labels = ns is null ? [("app", application)] : [("app", application), ("namespace", ns)];
        return history
            .Counter("http_requests_total", samples.Select(s => (s.At, Math.Round(s.Total * (1 - s.Share) + random.Next(2)))), [.. labels, ("code", "200")])
            .Counter("http_requests_total", samples.Select(s => (s.At, Math.Round(s.Total * s.Share + random.Next(2)))), [.. labels, ("code", "500")]);
    }

    public static (double, double) Fast(DateTimeOffset _) => (0.05, 0.15);
}

/// <summary>
/// The specs' times, fixed once: <see cref="Now"/> is the last whole minute. A deploy of 30 s ends 4½ minutes ago, so
/// with a settle of 1 s and windows of 2 minutes both windows are over before its event is published.
/// </summary>
internal sealed class ImpactTimeline(DateTimeOffset now)
{
    public DateTimeOffset Now { get; } = now;
    public DateTimeOffset HistoryStart => Now - TimeSpan.FromMinutes(13);

    public DateTimeOffset DeployStart => Now - TimeSpan.FromMinutes(5);
    public DateTimeOffset DeployEnd => DeployStart + TimeSpan.FromSeconds(30);

    public IEnumerable<DateTimeOffset> Samples(TimeSpan step) => OpenMetricsHistory.Every(step, HistoryStart, Now);
}
