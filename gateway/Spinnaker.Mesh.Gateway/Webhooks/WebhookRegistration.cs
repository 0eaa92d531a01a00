using Spinnaker.Mesh.Gateway.Auth;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// The webhooks the gateway serves. Adding one is a line in <see cref="AddWebhooks"/> and an
/// <see cref="IWebhookEndpoint"/>: its route, token check and exchange follow from the source.
/// </summary>
internal static class WebhookRegistration
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<WebhookOptions>(WebhookOptions.Section);
        builder.Services.AddSingleton<WebhookIntake>();
        builder.Services.AddSingleton<ScmSecrets>();
        builder.AddWebhook<EchoWebhookEndpoint>();
        builder.AddWebhook<KayentaWebhookEndpoint>();
        builder.AddWebhook<GitHubWebhookEndpoint>();
        builder.AddWebhook<GitLabWebhookEndpoint>();
        builder.AddWebhook<CommitsWebhookEndpoint>();
        builder.AddWebhook<IncidentsWebhookEndpoint>();
        return builder;
    }

    /// <summary>Every registered webhook, behind the tenant token.</summary>
    public static WebApplication MapWebhooks(this WebApplication app)
    {
        foreach (var route in app.Services.GetServices<WebhookRoute>())
        {
            // A route handler (not a RequestDelegate), so the IResult it returns is written to the response.
            Func<HttpContext, Task<IResult>> handle = http =>
                ((IWebhookEndpoint)http.RequestServices.GetRequiredService(route.Endpoint)).HandleAsync(http);
            app.MapPost(route.Source.Path, handle)
                .RequireAuthorization(TenantAuth.Policy)
                // The token handler looks for the source's own token header here.
                .WithMetadata(route.Source)
                .WithName($"{route.Source.Name}Webhook");
        }
        return app;
    }

    private static void AddWebhook<TEndpoint>(this WebApplicationBuilder builder) where TEndpoint : class, IWebhookEndpoint
    {
        builder.Services.AddSingleton<TEndpoint>();
        builder.Services.AddSingleton(TEndpoint.Source);
        builder.Services.AddSingleton(new WebhookRoute(TEndpoint.Source, typeof(TEndpoint)));
    }

    private sealed record WebhookRoute(WebhookSource Source, Type Endpoint);
}
