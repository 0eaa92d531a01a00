namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>The 202 body: the receipt id that identifies the webhook in Mesh from now on.</summary>
internal sealed record WebhookAccepted(Guid ReceiptId);

/// <summary>The answer to an event that is not published: which event it was (<c>ping</c>, <c>issues</c>, <c>Tag Push Hook</c>...).</summary>
internal sealed record WebhookIgnored(string Ignored);
