namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>What the gateway knows about a webhook before reading its body: the receipt handed back to Echo.</summary>
internal readonly record struct Receipt(Guid Id, string Tenant, DateTimeOffset ReceivedAt);
