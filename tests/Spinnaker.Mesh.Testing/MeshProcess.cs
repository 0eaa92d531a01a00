using System.Diagnostics;
using System.Text;

namespace Spinnaker.Mesh.Testing;

/// <summary>
/// A Mesh service or the gateway run as its own process (the built dll, as <c>./mesh up</c> runs it), bound to
/// 127.0.0.1 on a free port, configured through environment variables. Killed on dispose; its output is kept for
/// failure messages.
/// </summary>
public sealed class MeshProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private MeshProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="project">Path of the project folder relative to the repository root, e.g. <c>services/Spinnaker.Mesh.Ingest</c>.</param>
    /// <param name="repositoryRoot">Another checkout to take the built service from (the load tool compares two builds); this one's by default.</param>
    public static async Task<MeshProcess> StartAsync(string project, IDictionary<string, string> environment, TimeSpan? readyTimeout = null,
        string? repositoryRoot = null)
    {
        var name = Path.GetFileName(project);
        var dll = Path.Combine(repositoryRoot ?? RepositoryRoot, project, "bin", BuildConfiguration, "net10.0", name + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built: build the solution first (./mesh test does).", dll);
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}");
        var mesh = new MeshProcess(name, port, process);
        process.OutputDataReceived += (_, e) => mesh.Append(e.Data);
        process.ErrorDataReceived += (_, e) => mesh.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await mesh.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(60));
        return mesh;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Spinnaker.Mesh.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("Spinnaker.Mesh.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Debug or Release: the configuration this test assembly was built in, so services are taken from the same build.</summary>
    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";
}
