using System.Net;
using System.Text;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// A scrape target the test serves on 127.0.0.1 (<c>GET /metrics</c>, Prometheus' text format 0.0.4) whose values the
/// test sets while Prometheus scrapes it: gauges, counters and histograms, as an instrumented service exposes them.
/// </summary>
public sealed class TestExporter : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Task _serving;
    private int _scrapes;

    private TestExporter(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>What Prometheus' <c>static_configs</c> lists: <c>127.0.0.1:{port}</c>.</summary>
    public string Target => $"127.0.0.1:{Port}";

    /// <summary>How many times <c>/metrics</c> was read.</summary>
    public int Scrapes => Volatile.Read(ref _scrapes);

    public static TestExporter Start() => new(FreePort.Next());

    public TestExporter Set(string gauge, double value, params (string Name, string Value)[] labels)
    {
        lock (_gate) FamilyOf(gauge, "gauge").Values[Key(labels)] = value;
        return this;
    }

    public TestExporter Add(string counter, double increase, params (string Name, string Value)[] labels)
    {
        lock (_gate)
        {
            var values = FamilyOf(counter, "counter").Values;
            values[Key(labels)] = values.GetValueOrDefault(Key(labels)) + increase;
        }
        return this;
    }

    /// <summary>Records observations into a histogram with the given upper bounds (fixed on its first use).</summary>
    public TestExporter Observe(string histogram, IReadOnlyList<double> upperBounds, IEnumerable<double> observations, params (string Name, string Value)[] labels)
    {
        lock (_gate)
        {
            var family = FamilyOf(histogram, "histogram");
            family.Bounds ??= [.. upperBounds.Order()];
            var key = Key(labels);
            if (!family.Histograms.TryGetValue(key, out var state)) family.Histograms[key] = state = new HistogramState(family.Bounds.Length);
            foreach (var observation in observations)
            {
                for (var i = 0; i < family.Bounds.Length; i++) if (observation <= family.Bounds[i]) state.Buckets[i]++;
                state.Count++;
                state.Sum += observation;
            }
        }
        return this;
    }

    /// <summary>The exposition Prometheus reads.</summary>
    public string Exposition()
    {
        var text = new StringBuilder();
        lock (_gate)
            foreach (var family in _families.Values)
            {
                text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
                foreach (var (labels, value) in family.Values) text.Append(Sample(family.Name, labels, value));
                foreach (var (labels, state) in family.Histograms)
                {
                    for (var i = 0; i < family.Bounds!.Length; i++)
                        text.Append(Sample(family.Name + "_bucket", [.. labels, ("le", OpenMetricsHistory.Number(family.Bounds[i]))], state.Buckets[i]));
                    text.Append(Sample(family.Name + "_bucket", [.. labels, ("le", "+Inf")], state.Count));
                    text.Append(Sample(family.Name + "_count", labels, state.Count));
                    text.Append(Sample(family.Name + "_sum", labels, state.Sum));
                }
            }
        return text.ToString();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var response = context.Response;
            if (context.Request.Url?.AbsolutePath != "/metrics")
            {
                response.StatusCode = 404;
                continue;
            }
            Interlocked.Increment(ref _scrapes);
            var body = Encoding.UTF8.GetBytes(Exposition());
            response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            response.ContentLength64 = body.Length;
            try
            {
                await response.OutputStream.WriteAsync(body);
            }
            catch (HttpListenerException)
            {
                // Prometheus gave up on the scrape (its timeout); the next one gets the values.
            }
        }
    }

    private Family FamilyOf(string name, string type)
    {
        if (!_families.TryGetValue(name, out var family)) _families[name] = family = new Family(name, type);
        else if (family.Type != type) throw new ArgumentException($"{name} is already a {family.Type}", nameof(name));
        return family;
    }

    private static LabelSet Key((string Name, string Value)[] labels) => new([.. labels.OrderBy(l => l.Name, StringComparer.Ordinal)]);

    private static string Sample(string name, IEnumerable<(string Name, string Value)> labels, double value)
    {
        var pairs = string.Join(',', labels.Select(l => $"{l.Name}=\"{OpenMetricsHistory.Escape(l.Value)}\""));
        return $"{name}{(pairs.Length > 0 ? "{" + pairs + "}" : "")} {OpenMetricsHistory.Number(value)}\n";
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A series' labels, compared by value, usable as a dictionary key.</summary>
    private sealed record LabelSet((string Name, string Value)[] Labels) : IEnumerable<(string Name, string Value)>
    {
        public bool Equals(LabelSet? other) => other is not null && Labels.SequenceEqual(other.Labels);
        public override int GetHashCode() => Labels.Aggregate(0, (hash, label) => HashCode.Combine(hash, label));
        public IEnumerator<(string Name, string Value)> GetEnumerator() => ((IEnumerable<(string Name, string Value)>)Labels).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class HistogramState(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];
        public long Count { get; set; }
        public double Sum { get; set; }
    }

    private sealed record Family(string Name, string Type)
    {
        public Dictionary<LabelSet, double> Values { get; } = [];
        public Dictionary<LabelSet, HistogramState> Histograms { get; } = [];
        public double[]? Bounds { get; set; }
    }
}
