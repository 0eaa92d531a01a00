using Spinnaker.Mesh.Gateway.Auth;

namespace Spinnaker.Mesh.Gateway.Webhooks;

internal static class EchoWebhookRegistration
{
    public static WebApplicationBuilder AddEchoWebhooks(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<WebhookOptions>(WebhookOptions.Section);
        builder.Services.AddSingleton<EchoWebhookEndpoint>();
        return builder;
    }

    /// <summary>
    /// One route serves both spellings: endpoint routing matches a trailing slash, and Echo always appends one.
    /// </summary>
    public static WebApplication MapEchoWebhooks(this WebApplication app)
    {
        app.MapPost(EchoWebhookEndpoint.Path, (HttpContext http, EchoWebhookEndpoint endpoint) => endpoint.HandleAsync(http))
            .RequireAuthorization(TenantAuth.Policy)
            .WithName("EchoWebhook");
        return app;
    }
}
