namespace Spinnaker.Mesh.Ingest.Receipts;

/// <summary>
/// What became of one accepted webhook: stored (with how many of its events were new) or rejected (with why).
/// Lets an SRE follow a webhook from the gateway's 202 <c>receiptId</c> to the streams it touched.
/// </summary>
internal sealed record ReceiptOutcome(
    Guid ReceiptId,
    string Tenant,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ProcessedAt,
    string? EchoType,
    string Status,
    int EventsAppended,
    int EventsAlreadyStored,
    IReadOnlyList<string> StreamIds,
    string? Reason)
{
    public const string Stored = "stored";
    public const string Rejected = "rejected";
}
