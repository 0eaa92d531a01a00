using Spinnaker.Mesh.Gateway.Auth;

namespace Spinnaker.Mesh.Gateway.Webhooks;

internal static class EchoWebhookRegistration
{
    public static WebApplicationBuilder AddEchoWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxBodyBytes <= Array.MaxLength - ReceiptMessage.ReserveBytes - 1,
                $"{WebhookOptions.Section}:MaxBodyBytes must be positive and below 2 GB")
            .Validate(o => o.Tokens.All(t => !string.IsNullOrWhiteSpace(t.Token) && !string.IsNullOrWhiteSpace(t.Tenant)),
                $"{WebhookOptions.Section}:Tokens: every entry needs both Token and Tenant")
            .ValidateOnStart();
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
