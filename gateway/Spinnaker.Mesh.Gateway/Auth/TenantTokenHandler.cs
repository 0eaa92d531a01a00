using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

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
        if (!PresentedToken.TryRead(Request.Headers.Authorization, out var token))
        {
            return Task.FromResult(Request.Headers.Authorization.Count == 0
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Fail("the Authorization header is neither Bearer nor Basic with a password"));
        }
        if (!tokens.TryGetTenant(token, out var tenant)) return Task.FromResult(AuthenticateResult.Fail("the token is not configured"));

        var identity = new ClaimsIdentity([new Claim(TenantAuth.TenantClaim, tenant)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
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
