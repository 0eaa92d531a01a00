using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics through the hosting package: ASP.NET Core, HttpClient and runtime
/// instrumentation, the process's own <c>Spinnaker.Mesh.&lt;Service&gt;</c> source and meter, a Prometheus scrape
/// endpoint on every process, and OTLP export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Other kits add
/// their sources with <c>ConfigureOpenTelemetryTracerProvider</c> / <c>ConfigureOpenTelemetryMeterProvider</c>.
/// </summary>
public static class MeshTelemetry
{
    /// <summary>Where Prometheus scrapes every Mesh process.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The ActivitySource and Meter name of a Mesh process: <c>Spinnaker.Mesh.&lt;Service&gt;</c>.</summary>
    public static string SourceName(string serviceName) => $"Spinnaker.Mesh.{serviceName}";

    internal static void AddMeshTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var own = SourceName(serviceName);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? $"mesh-{serviceName.ToLowerInvariant()}"))
            .WithTracing(t =>
            {
                t.AddSource(own);
                // Probes and scrapes every few seconds would drown the traces that matter.
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOperational(http.Request.Path));
                t.AddHttpClientInstrumentation();
                if (otlp) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(own);
                m.AddAspNetCoreInstrumentation();
                m.AddHttpClientInstrumentation();
                m.AddRuntimeInstrumentation();
                m.AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
    }

    /// <summary><c>GET /metrics</c>: Prometheus text (or OpenMetrics when the scraper asks for it), no token needed.</summary>
    internal static void MapMeshMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint(MetricsPath);

    private static bool IsOperational(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health");
}
