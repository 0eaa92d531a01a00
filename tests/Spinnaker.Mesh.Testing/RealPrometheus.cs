using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Prometheus;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// Debian's Prometheus (<c>/usr/bin/prometheus</c>, 2.42) as its own process on 127.0.0.1 and a free port, with a
/// generated <c>prometheus.yml</c> and a storage directory of its own: optionally filled beforehand with history
/// (<c>promtool tsdb create-blocks-from openmetrics</c>) and scraping a <see cref="TestExporter"/>. Ready when
/// <c>/-/ready</c> answers; <see cref="StopAsync"/> kills it (a Prometheus that is down) and
/// <see cref="StartAgainAsync"/> brings it back on the same port and storage. Disposing kills it and deletes the
/// directory. Absent binaries skip the spec, or fail it where <c>MESH_REQUIRE_FIXTURES=1</c> (CI).
/// </summary>
public sealed class RealPrometheus : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PromtoolTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;
    private Process? _process;

    private RealPrometheus(string directory, int port)
    {
        _directory = directory;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}</c>, no trailing slash: what <c>Mesh:Impact:Sources:{name}:Url</c> takes.</summary>
    public string BaseUrl { get; }

    public string StorageDirectory => Path.Combine(_directory, "data");

    /// <summary>Prometheus' own log lines (and promtool's), for failure messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Skips the calling spec when Prometheus is not installed, or fails it where CI requires it.</summary>
    public static void RequireInstalled()
    {
        if (File.Exists(Binary) && File.Exists(Promtool)) return;
        var reason = $"{Binary} or {Promtool} is absent (Debian package prometheus; ./mesh test installs it).";
        if (EchoFixtures.Required) Assert.Fail(reason + " MESH_REQUIRE_FIXTURES=1 makes this a failure.");
        Assert.Ignore(reason);
    }

    /// <param name="history">Samples written into the storage before Prometheus starts.</param>
    /// <param name="exporter">A target Prometheus scrapes every <paramref name="scrapeInterval"/> (1 s by default).</param>
    public static async Task<RealPrometheus> StartAsync(OpenMetricsHistory? history = null, TestExporter? exporter = null, TimeSpan? scrapeInterval = null)
    {
        RequireInstalled();
        var directory = Directory.CreateTempSubdirectory("mesh-prometheus-").FullName;
        var prometheus = new RealPrometheus(directory, FreePort.Next());
        try
        {
            Directory.CreateDirectory(prometheus.StorageDirectory);
            await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), Configuration(exporter, scrapeInterval ?? TimeSpan.FromSeconds(1)));
            if (history is not null) await prometheus.BackfillAsync(history);
            await prometheus.StartAgainAsync();
            return prometheus;
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again) on the same port and storage, and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) throw new InvalidOperationException("Prometheus is already running.");
        _process?.Dispose();
        var start = new ProcessStartInfo(Binary,
        [
            $"--config.file={Path.Combine(_directory, "prometheus.yml")}",
            $"--storage.tsdb.path={StorageDirectory}",
            // Backfilled history may be older than the 15-day default retention of a spec's chosen times.
            "--storage.tsdb.retention.time=3650d",
            $"--web.listen-address=127.0.0.1:{Port}",
        ])
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitReadyAsync(process);
    }

    /// <summary>Kills the process (no shutdown, as a crash would): the source is down until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A <c>query_range</c> read straight from Prometheus, as <see cref="PrometheusMatrix"/> parses it.</summary>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        PrometheusMatrix.Parse(await GetAsync("api/v1/query_range?" + Form(
            ("query", query), ("start", Seconds(start)), ("end", Seconds(end)),
            ("step", step.TotalSeconds.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>Waits (bounded) until an instant query has at least one series: the exporter's values were scraped.</summary>
    public async Task<JsonElement> WaitForSeriesAsync(string query, TimeSpan? timeout = null) =>
        await Eventually.GetAsync(async () =>
        {
            using var document = JsonDocument.Parse(await GetAsync("api/v1/query?" + Form(("query", query))));
            return document.RootElement.GetProperty("data").GetProperty("result").Clone();
        }, result => result.GetArrayLength() > 0, timeout ?? TimeSpan.FromSeconds(30), $"Prometheus to have a series for {query}\n{Output}");

    /// <summary>A GET against the API; the body of a success, else an exception with Prometheus' answer.</summary>
    public async Task<string> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }

    public static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Form(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    private async Task BackfillAsync(OpenMetricsHistory history)
    {
        var file = Path.Combine(_directory, "history.om");
        await File.WriteAllTextAsync(file, history.ToString());
        var start = new ProcessStartInfo(Promtool, ["tsdb", "create-blocks-from", "openmetrics", "--quiet", file, StorageDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var promtool = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Promtool}");
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PromtoolTimeout);
        try
        {
            await promtool.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            promtool.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool did not write the history within {PromtoolTimeout}");
        }
        Append(await stdout);
        Append(await stderr);
        if (promtool.ExitCode != 0) throw new InvalidOperationException($"promtool refused the history ({promtool.ExitCode}):\n{Output}");
    }

    private static string Configuration(TestExporter? exporter, TimeSpan scrapeInterval)
    {
        var interval = $"{(long)scrapeInterval.TotalMilliseconds}ms";
        var yaml = new StringBuilder()
            .Append("global:\n")
            .Append($"  scrape_interval: {interval}\n")
            .Append($"  evaluation_interval: {interval}\n")
            .Append("scrape_configs:\n");
        if (exporter is null) return yaml.Append("  []\n").ToString();
        return yaml
            .Append("  - job_name: exporter\n")
            .Append($"    scrape_interval: {interval}\n")
            .Append($"    scrape_timeout: {interval}\n")
            .Append("    honor_labels: true\n")
            .Append("    static_configs:\n")
            .Append($"      - targets: ['{exporter.Target}']\n")
            .ToString();
    }

    private async Task WaitReadyAsync(Process process)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"Prometheus exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var response = await _http.GetAsync("-/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Prometheus was not ready within {ReadyTimeout}:\n{Output}");
    }

    private void Append(string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        lock (_output) _output.AppendLine(text);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _process = null;
        _http.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process; the temporary directory is the system's to clean then.
        }
    }
}
