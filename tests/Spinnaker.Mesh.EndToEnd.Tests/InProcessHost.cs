using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>
/// A Mesh process hosted in the test process (its real Program, on the test server), configured with
/// <paramref name="settings"/> and exporting its spans to <paramref name="spans"/> besides its usual exporters.
/// </summary>
public sealed class InProcessHost<TEntryPoint>(string name, IReadOnlyDictionary<string, string> settings, RecordedSpans spans)
    : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    public string Name { get; } = name;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings reach the Program before it builds, so connection strings read while registering are these.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
    }

    /// <summary>Starts the host and waits (bounded) until its readiness checks pass.</summary>
    public async Task<HttpClient> StartReadyAsync()
    {
        var client = CreateClient();
        await Eventually.GetAsync(async () =>
        {
            using var response = await client.GetAsync("health/ready");
            return (int)response.StatusCode;
        }, status => status == 200, TimeSpan.FromSeconds(60), $"{Name} to be ready");
        return client;
    }
}
