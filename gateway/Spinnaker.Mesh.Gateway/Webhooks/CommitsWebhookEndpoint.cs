namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// <c>POST /webhooks/commits</c>: Mesh's generic commit list for any SCM or backfill script, checked by
/// <see cref="CommitBodies.FindInvalidCommitList"/>, published as sent as <c>CommitsReported</c> (source
/// <c>commits</c>) to <c>mesh.commit-webhooks</c>.
/// </summary>
internal sealed class CommitsWebhookEndpoint(WebhookIntake intake) : IWebhookEndpoint
{
    private static readonly ReceiptHead Head = ChangeExchanges.CommitsHead("commits");

    public static WebhookSource Source { get; } = new("Commits", "/webhooks/commits", ChangeExchanges.Commits);

    public Task<IResult> HandleAsync(HttpContext http) => intake.AcceptAsync(http, Source, Head, CommitBodies.FindInvalidCommitList);
}
