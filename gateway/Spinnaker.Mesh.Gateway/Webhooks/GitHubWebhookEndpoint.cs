namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/github</c>: a GitHub <c>push</c> event, published as sent as <c>CommitsReported</c> (source
/// <c>github</c>) to <c>mesh.commit-webhooks</c>. GitHub cannot send a bearer header, so the tenant token is the
/// Basic-auth password in the hook URL (<c>https://mesh:&lt;token&gt;@gateway/webhooks/github</c>). With a secret
/// configured the signature must match (else 401). <c>ping</c> (sent when the hook is created) answers 200 and other
/// events 202, both <c>{"ignored": "&lt;event&gt;"}</c> and published nowhere: GitHub marks a hook failing on errors
/// and would not retry anyway.
/// </summary>
internal sealed class GitHubWebhookEndpoint(WebhookIntake intake, ScmSecrets secrets) : IWebhookEndpoint
{
    public const string EventHeader = "X-GitHub-Event";

    private static readonly ReceiptHead Head = ChangeExchanges.CommitsHead("github");

    public static WebhookSource Source { get; } = new("GitHub", "/webhooks/github", ChangeExchanges.Commits);

    public Task<IResult> HandleAsync(HttpContext http) =>
        intake.AcceptAsync(http, Source, Head, CommitBodies.FindInvalidGitHubPush, webhook => Screen(http, webhook));

    /// <summary>The signature first (ping is signed too), then which event it is.</summary>
    private IResult? Screen(HttpContext http, ReceivedWebhook webhook)
    {
        var tenant = webhook.Receipt.Tenant;
        var keys = secrets.GitHubSecretsFor(tenant);
        if (keys.Count > 0 && !GitHubSignature.IsValid(http.Request.Headers[GitHubSignature.Header], webhook.Body.Span, keys))
        {
            return intake.Unauthorized(Source, tenant,
                $"{GitHubSignature.Header} must be sha256=<hex HMAC-SHA256 of the body> under the GitHub webhook secret configured for this tenant.",
                http.Request.Headers.ContainsKey(GitHubSignature.Header) ? "the signature does not match" : "no signature");
        }

        var eventName = http.Request.Headers[EventHeader].ToString();
        if (string.IsNullOrWhiteSpace(eventName))
            return intake.InvalidField(Source, tenant, EventHeader, $"The {EventHeader} header is required (GitHub sends push for pushes).");
        if (eventName.Equals("ping", StringComparison.OrdinalIgnoreCase)) return intake.Ignore(Source, tenant, "ping", StatusCodes.Status200OK);
        return eventName.Equals("push", StringComparison.OrdinalIgnoreCase) ? null : intake.Ignore(Source, tenant, eventName);
    }
}
