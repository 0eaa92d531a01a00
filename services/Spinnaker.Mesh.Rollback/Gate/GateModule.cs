using System.Net.Http.Headers;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// Registers <see cref="IGateClient"/>: <c>Mesh:Gate</c> checked at start, the named HTTP client <c>gate</c> on a
/// <see cref="SocketsHttpHandler"/> built per auth mode, header values never logged.
/// </summary>
internal static class GateModule
{
    public static WebApplicationBuilder AddGate(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<GateOptions>(GateOptions.Section);
        AddGateClient(builder.Services);
        return builder;
    }

    /// <summary>The client itself, given <see cref="GateOptions"/> registered (specs build it outside a web host).</summary>
    public static IServiceCollection AddGateClient(IServiceCollection services)
    {
        services.AddHttpClient(GateClient.HttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<GateOptions>>().Value;
                // A trailing slash keeps a path of the base (https://spinnaker.example.com/gate) in front of every call.
                if (options.IsConfigured) http.BaseAddress = new Uri(options.BaseUrl!.Trim().TrimEnd('/') + "/");
                http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
                http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("spinnaker-mesh-rollback", "1"));
            })
            .ConfigurePrimaryHttpMessageHandler(sp => GateHandlers.Create(sp.GetRequiredService<IOptions<GateOptions>>().Value))
            // .NET redacts every header value in the factory's Trace logs by default; said here so nobody loosens it.
            .RedactLoggedHeaders(_ => true);
        services.AddOptions<HttpClientFactoryOptions>(GateClient.HttpClientName)
            .Configure<IOptions<GateOptions>>((factory, gate) => factory.HandlerLifetime = TimeSpan.FromMinutes(gate.Value.HandlerLifetimeMinutes));
        services.AddSingleton<IGateClient, GateClient>();
        services.AddHostedService<GateStartupReport>();
        return services;
    }
}

/// <summary>Says at start where Gate is and how Mesh authenticates (no secret), or that automated rollbacks cannot start.</summary>
internal sealed class GateStartupReport(IOptions<GateOptions> options, ILogger<GateStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var gate = options.Value;
        if (!gate.IsConfigured)
        {
            logger.LogWarning("Mesh:Gate:BaseUrl is not set: rollback decisions are recorded, but no rollback pipeline can be started");
            return Task.CompletedTask;
        }
        logger.LogInformation("Gate at {GateBaseUrl}, authentication {GateAuthMode}, acting as {GateUser}", gate.BaseUrl, gate.Mode, gate.User);
        if (gate.Mode is GateAuthModes.Bearer or GateAuthModes.Basic && gate.BaseUrl!.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            logger.LogWarning("Mesh:Gate:BaseUrl is plain http: the {GateAuthMode} credentials cross the network unencrypted", gate.Mode);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
