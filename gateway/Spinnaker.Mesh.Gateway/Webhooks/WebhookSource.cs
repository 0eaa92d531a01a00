namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// One kind of webhook the gateway takes in: where it is POSTed and the durable fanout exchange its receipts go to.
/// The broker connection declares the exchange of every registered source; consumers bind their own queues to it.
/// </summary>
/// <param name="Name">Short name for logs and the endpoint name (<c>Echo</c> → <c>EchoWebhook</c>).</param>
/// <param name="Path">The route, without a trailing slash (endpoint routing matches one anyway).</param>
/// <param name="Exchange">The exchange the receipts are published to.</param>
/// <param name="TokenHeader">A header that may carry the tenant token when the request has no <c>Authorization</c>
/// header, for senders that cannot set one but have a secret header of their own (GitLab's <c>X-Gitlab-Token</c>).</param>
internal sealed record WebhookSource(string Name, string Path, string Exchange, string? TokenHeader = null);

/// <summary>An endpoint for one <see cref="WebhookSource"/>: checks what only that source knows, then hands over to <see cref="WebhookIntake"/>.</summary>
internal interface IWebhookEndpoint
{
    static abstract WebhookSource Source { get; }

    Task<IResult> HandleAsync(HttpContext http);
}
