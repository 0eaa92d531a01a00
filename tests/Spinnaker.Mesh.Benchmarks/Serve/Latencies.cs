using System.Diagnostics;
using System.Globalization;

namespace Spinnaker.Mesh.Benchmarks.Serve;

/// <summary>Timed HTTP calls: latency percentiles (nearest rank) and response sizes.</summary>
internal sealed class Latencies
{
    private readonly List<double> _ms = [];
    private readonly List<long> _bytes = [];

    public int Count => _ms.Count;
    public int Failures { get; private set; }
    public string? LastFailure { get; private set; }
    public double TotalSeconds => _ms.Sum() / 1000;

    public double Percentile(double p)
    {
        if (_ms.Count == 0) return double.NaN;
        var sorted = _ms.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Max => _ms.Count == 0 ? double.NaN : _ms.Max();
    public double Mean => _ms.Count == 0 ? double.NaN : _ms.Average();
    public long MedianBytes => _bytes.Count == 0 ? 0 : _bytes.Order().ElementAt(_bytes.Count / 2);

    /// <summary>GET <paramref name="path"/> as the tenant, body read to the end; a non-2xx answer counts as a failure, not a sample.</summary>
    public static async Task<(double Ms, long Bytes, string? Failure)> TimeGetAsync(HttpClient http, string path, string tenant, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Mesh-Tenant", tenant);
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var ms = watch.Elapsed.TotalMilliseconds;
        return response.IsSuccessStatusCode
            ? (ms, body.LongLength, null)
            : (ms, body.LongLength, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400)))}");
    }

    /// <summary>
    /// <paramref name="warmups"/> untimed calls, then up to <paramref name="calls"/> timed ones, stopping early once
    /// <paramref name="budget"/> is spent (at least 3 calls are always made if nothing fails).
    /// </summary>
    public static async Task<Latencies> MeasureAsync(HttpClient http, string path, string tenant, int warmups, int calls, TimeSpan budget,
        CancellationToken ct)
    {
        var result = new Latencies();
        for (var i = 0; i < warmups; i++) await TimeGetAsync(http, path, tenant, ct);
        var spent = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var (ms, bytes, failure) = await TimeGetAsync(http, path, tenant, ct);
            if (failure is null)
            {
                result._ms.Add(ms);
                result._bytes.Add(bytes);
            }
            else
            {
                result.Failures++;
                result.LastFailure = failure;
            }
            if (spent.Elapsed > budget && i >= 2) break;
        }
        return result;
    }

    public static string Ms(double ms) => double.IsNaN(ms) ? "n/a" : ms >= 100
        ? ms.ToString("N0", CultureInfo.InvariantCulture)
        : ms.ToString("N1", CultureInfo.InvariantCulture);

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("N2", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("N1", CultureInfo.InvariantCulture) + " KB";
}
