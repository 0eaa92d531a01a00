namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>The 202 body: the receipt id that identifies the webhook in Mesh from now on.</summary>
internal sealed record WebhookAccepted(Guid ReceiptId);
