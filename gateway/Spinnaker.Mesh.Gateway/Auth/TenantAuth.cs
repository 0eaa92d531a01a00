using Microsoft.AspNetCore.Authentication;

namespace Spinnaker.Mesh.Gateway.Auth;

/// <summary>Token authentication for every route that needs a tenant: the webhooks and the proxied <c>/api</c> routes.</summary>
internal static partial class TenantAuth
{
    public const string Scheme = "MeshToken";
    public const string Policy = "MeshTenant";
    public const string TenantClaim = "mesh:tenant";

    /// <summary>Set when the token came in the webhook source's own header (<see cref="Webhooks.WebhookSource.TokenHeader"/>): its name.</summary>
    public const string TokenHeaderClaim = "mesh:token-header";

    public static WebApplicationBuilder AddTenantAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TenantTokens>();
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, TenantTokenHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireClaim(TenantClaim));
        return builder;
    }

    /// <summary>Whether the tenant token was presented in <paramref name="header"/> instead of <c>Authorization</c>.</summary>
    public static bool TokenCameIn(this HttpContext context, string header) =>
        string.Equals(context.User.FindFirst(TokenHeaderClaim)?.Value, header, StringComparison.OrdinalIgnoreCase);

    public static string Tenant(this HttpContext context) =>
        context.User.FindFirst(TenantClaim)?.Value ?? throw new InvalidOperationException("The request was not authenticated with a tenant token.");

    /// <summary>Production ships without tokens: say so loudly at start-up, since every request will then be refused.</summary>
    public static void WarnWhenNoTokens(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TenantTokens>().IsEmpty) LogNoTokens(app.Logger);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No token is configured under Mesh:Webhooks:Tokens: every webhook and /api request will be refused with 401")]
    private static partial void LogNoTokens(ILogger logger);
}
