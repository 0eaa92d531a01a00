using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Gateway.Webhooks;

namespace Spinnaker.Mesh.Gateway.Auth;

/// <summary>
/// Authenticates a request by its token and names the tenant the token belongs to. Rejections answer 401 as
/// problem+json with <c>WWW-Authenticate: Bearer</c> and are logged with a reason, never with the token.
/// </summary>
internal sealed partial class TenantTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantTokens tokens,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? tokenHeader = null;
        if (!PresentedToken.TryRead(Request.Headers.Authorization, out var token))
        {
            if (Request.Headers.Authorization.Count != 0)
                return Task.FromResult(AuthenticateResult.Fail("the Authorization header is neither Bearer nor Basic with a password"));
            if (!TryReadTokenHeader(out token, out tokenHeader)) return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!tokens.TryGetTenant(token, out var tenant)) return Task.FromResult(AuthenticateResult.Fail("the token is not configured"));

        var claims = new List<Claim> { new(TenantAuth.TenantClaim, tenant) };
        if (tokenHeader is not null) claims.Add(new Claim(TenantAuth.TokenHeaderClaim, tokenHeader));
        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    /// <summary>Without an Authorization header, a webhook may take the token in its own header (GitLab's X-Gitlab-Token).</summary>
    private bool TryReadTokenHeader(out string token, out string? header)
    {
        token = "";
        header = Context.GetEndpoint()?.Metadata.GetMetadata<WebhookSource>()?.TokenHeader;
        if (header is null || Request.Headers[header] is not [{ Length: > 0 } presented]) return false;
        token = presented;
        return true;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "no Authorization header";
        LogRejected(Logger, Request.Method, Request.Path, reason);

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "A configured token is required: 'Authorization: Bearer <token>', or Basic auth with the token as the password.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Method} {Path} with 401: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string reason);
}
