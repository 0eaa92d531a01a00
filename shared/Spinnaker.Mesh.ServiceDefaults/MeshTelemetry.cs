using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics. The hosting and instrumentation packages are not available, so the SDK is built
/// directly and subscribes to the built-in sources by name. OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class MeshTelemetry
{
    /// <summary>The ActivitySource and Meter name of a Mesh process: <c>Spinnaker.Mesh.&lt;Service&gt;</c>.</summary>
    public static string SourceName(string serviceName) => $"Spinnaker.Mesh.{serviceName}";

    internal static void AddMeshTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var own = SourceName(serviceName);
        builder.Services.AddSingleton(_ => OpenTelemetrySdk.Create(otel =>
        {
            otel.ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? $"mesh-{serviceName.ToLowerInvariant()}"));
            otel.WithTracing(t =>
            {
                t.AddSource(own, "MassTransit", "Microsoft.AspNetCore", "System.Net.Http", "Npgsql");
                if (otlp) t.AddOtlpExporter();
            });
            otel.WithMetrics(m =>
            {
                m.AddMeter(own, "MassTransit", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql");
                if (otlp) m.AddOtlpExporter();
            });
        }));
        builder.Services.AddHostedService<TelemetryActivation>();
    }

    /// <summary>
    /// Nothing asks for the SDK, so this asks for it: taking it as a dependency builds it at start-up, before the first
    /// request or message is traced. The container disposes it with the host, which flushes the exporters.
    /// </summary>
    private sealed class TelemetryActivation(OpenTelemetrySdk sdk) : IHostedService
    {
        public OpenTelemetrySdk Sdk { get; } = sdk;
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
