using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Spinnaker.Mesh.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Mesh process shares: JSON console logs, OpenTelemetry, problem+json errors, camelCase JSON and the
/// health endpoints Kubernetes probes. Lives in this namespace so a Program.cs needs no usings.
/// </summary>
public static class MeshServiceDefaults
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddMeshServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.IncludeScopes = true;
        });

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });
        // A query string that does not bind (?limit=abc) is the caller's mistake: 400 problem+json in every
        // environment, not an exception (minimal APIs throw in Development by default).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMeshTelemetry(serviceName);
        return builder;
    }

    /// <summary>Health endpoints in every environment (Kubernetes probes them), problem+json for errors.</summary>
    public static WebApplication MapMeshDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }

    /// <summary>Unhandled exceptions and bare status codes (404, 405...) answer as problem+json.</summary>
    public static WebApplication UseMeshProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
