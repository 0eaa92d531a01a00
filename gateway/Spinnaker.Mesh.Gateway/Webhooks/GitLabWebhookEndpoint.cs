using Spinnaker.Mesh.Gateway.Auth;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/gitlab</c>: a GitLab push hook (<c>X-Gitlab-Event: Push Hook</c>), published as sent as
/// <c>CommitsReported</c> (source <c>gitlab</c>) to <c>mesh.commit-webhooks</c>. The tenant token comes as usual
/// (Bearer in a custom header, or Basic in the URL), or, without an Authorization header, as the hook's secret token
/// (<c>X-Gitlab-Token</c>), which then proves the caller on its own. Otherwise, with a GitLab secret token configured,
/// <c>X-Gitlab-Token</c> must equal it (else 401). Other events answer 202 <c>{"ignored": "&lt;event&gt;"}</c>.
/// </summary>
internal sealed class GitLabWebhookEndpoint(WebhookIntake intake, ScmSecrets secrets) : IWebhookEndpoint
{
    public const string EventHeader = "X-Gitlab-Event";
    public const string TokenHeader = "X-Gitlab-Token";
    public const string PushHook = "Push Hook";

    private static readonly ReceiptHead Head = ChangeExchanges.CommitsHead("gitlab");

    public static WebhookSource Source { get; } = new("GitLab", "/webhooks/gitlab", ChangeExchanges.Commits, TokenHeader);

    public Task<IResult> HandleAsync(HttpContext http) =>
        intake.AcceptAsync(http, Source, Head, CommitBodies.FindInvalidGitLabPush, webhook => Screen(http, webhook.Receipt.Tenant));

    private IResult? Screen(HttpContext http, string tenant)
    {
        var presented = http.Request.Headers[TokenHeader].ToString();
        if (!http.TokenCameIn(TokenHeader) && secrets.GitLabTokenRequired(tenant) && !secrets.IsGitLabToken(tenant, presented))
        {
            return intake.Unauthorized(Source, tenant, $"{TokenHeader} must be the GitLab secret token configured for this tenant.",
                presented.Length == 0 ? "no secret token" : "the secret token does not match");
        }

        var eventName = http.Request.Headers[EventHeader].ToString();
        if (string.IsNullOrWhiteSpace(eventName))
            return intake.InvalidField(Source, tenant, EventHeader, $"The {EventHeader} header is required (GitLab sends \"{PushHook}\" for pushes).");
        return eventName.Equals(PushHook, StringComparison.OrdinalIgnoreCase) ? null : intake.Ignore(Source, tenant, eventName);
    }
}
