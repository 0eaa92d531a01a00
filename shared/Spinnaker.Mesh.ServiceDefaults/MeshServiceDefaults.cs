using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using FluentValidation;
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
/// What every Mesh process shares: JSON console logs, OpenTelemetry with a Prometheus scrape endpoint, problem+json
/// errors, the one JSON convention (<see cref="MeshJson"/>), FluentValidation validators of the service, and the
/// health endpoints Kubernetes probes. Lives in this namespace so a Program.cs needs no usings.
/// </summary>
public static class MeshServiceDefaults
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>
    /// Registers the defaults, and every FluentValidation validator of the calling assembly (the service's own):
    /// request validators for <see cref="ValidationFilter{T}"/> and options validators for <c>AddMeshOptions</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static WebApplicationBuilder AddMeshServiceDefaults(this WebApplicationBuilder builder, string serviceName) =>
        builder.AddMeshServiceDefaults(serviceName, Assembly.GetCallingAssembly());

    public static WebApplicationBuilder AddMeshServiceDefaults(this WebApplicationBuilder builder, string serviceName, Assembly service)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.IncludeScopes = true;
        });

        // The W3C trace id, so a problem a caller reports leads straight to its trace.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier);
        builder.Services.ConfigureHttpJsonOptions(o => MeshJson.Apply(o.SerializerOptions));
        builder.Services.AddValidatorsFromAssembly(service, includeInternalTypes: true);
        // A query string that does not bind (?limit=abc) is the caller's mistake: 400 problem+json in every
        // environment, not an exception (minimal APIs throw in Development by default).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMeshTelemetry(serviceName);
        return builder;
    }

    /// <summary>Health endpoints in every environment (Kubernetes probes them) and the Prometheus scrape endpoint.</summary>
    public static WebApplication MapMeshDefaultEndpoints(this WebApplication app)
    {
        app.MapMeshMetrics();
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
