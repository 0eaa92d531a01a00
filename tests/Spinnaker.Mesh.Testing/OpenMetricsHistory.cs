using System.Globalization;
using System.Text;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// Metric history written as OpenMetrics text for <c>promtool tsdb create-blocks-from openmetrics</c>: gauges,
/// counters and histograms with explicit timestamps, one family after another (OpenMetrics wants a family's lines
/// together), each series in time order (promtool refuses an out-of-order sample), ended by <c># EOF</c>.
/// Prometheus 2.42 reads backfilled blocks that overlap its head, so history may reach up to the present.
/// </summary>
public sealed class OpenMetricsHistory
{
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);

    /// <summary>Every <paramref name="step"/> from <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static IEnumerable<DateTimeOffset> Every(TimeSpan step, DateTimeOffset from, DateTimeOffset to)
    {
        if (step <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(step));
        for (var at = from; at <= to; at += step) yield return at;
    }

    /// <summary>Whole seconds, as Prometheus' query timestamps are when the test picks round times.</summary>
    public static DateTimeOffset WholeMinute(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() / 60 * 60);

    public OpenMetricsHistory Gauge(string name, IEnumerable<(DateTimeOffset At, double Value)> samples, params (string Name, string Value)[] labels)
    {
        var family = FamilyOf(name, "gauge");
        foreach (var (at, value) in samples) family.Lines.Add(Line(name, labels, value, at));
        return this;
    }

    /// <summary>A counter from the increase of each step (cumulated here); its samples are named <c>{name}_total</c>.</summary>
    public OpenMetricsHistory Counter(string name, IEnumerable<(DateTimeOffset At, double Increase)> increases, params (string Name, string Value)[] labels)
    {
        var familyName = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name;
        var family = FamilyOf(familyName, "counter");
        var total = 0.0;
        foreach (var (at, increase) in increases)
        {
            total += increase;
            family.Lines.Add(Line(familyName + "_total", labels, total, at));
        }
        return this;
    }

    /// <summary>
    /// A histogram from the observations of each step (cumulated here, as a client library would): at every step its
    /// <c>_bucket</c> series for each upper bound and <c>+Inf</c>, <c>_count</c> and <c>_sum</c>.
    /// </summary>
    public OpenMetricsHistory Histogram(string name, IReadOnlyList<double> upperBounds,
        IEnumerable<(DateTimeOffset At, IReadOnlyList<double> Observations)> steps, params (string Name, string Value)[] labels)
    {
        var family = FamilyOf(name, "histogram");
        var bounds = upperBounds.Order().ToArray();
        var buckets = new long[bounds.Length];
        long count = 0;
        var sum = 0.0;
        foreach (var (at, observations) in steps)
        {
            foreach (var observation in observations)
            {
                for (var i = 0; i < bounds.Length; i++) if (observation <= bounds[i]) buckets[i]++;
                count++;
                sum += observation;
            }
            for (var i = 0; i < bounds.Length; i++)
                family.Lines.Add(Line(name + "_bucket", [.. labels, ("le", Number(bounds[i]))], buckets[i], at));
            family.Lines.Add(Line(name + "_bucket", [.. labels, ("le", "+Inf")], count, at));
            family.Lines.Add(Line(name + "_count", labels, count, at));
            family.Lines.Add(Line(name + "_sum", labels, sum, at));
        }
        return this;
    }

    /// <summary>The OpenMetrics text, <c># EOF</c> included.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var family in _families.Values)
        {
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var line in family.Lines) text.Append(line).Append('\n');
        }
        return text.Append("# EOF\n").ToString();
    }

    private Family FamilyOf(string name, string type)
    {
        if (!_families.TryGetValue(name, out var family)) _families[name] = family = new Family(name, type);
        else if (family.Type != type) throw new ArgumentException($"{name} is already a {family.Type}", nameof(name));
        return family;
    }

    private static string Line(string sample, IEnumerable<(string Name, string Value)> labels, double value, DateTimeOffset at)
    {
        var pairs = string.Join(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\""));
        var seconds = (at.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
        return $"{sample}{(pairs.Length > 0 ? "{" + pairs + "}" : "")} {Number(value)} {seconds}";
    }

    internal static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private sealed record Family(string Name, string Type)
    {
        public List<string> Lines { get; } = [];
    }
}
