namespace Spinnaker.Mesh.Ingest.Rejections;

/// <summary>An accepted Echo webhook that could not be normalized, kept with its reason and body so nothing is lost.</summary>
internal sealed record Rejection(
    Guid ReceiptId,
    string Tenant,
    DateTimeOffset ReceivedAt,
    DateTimeOffset RejectedAt,
    string? EchoType,
    string Reason);
