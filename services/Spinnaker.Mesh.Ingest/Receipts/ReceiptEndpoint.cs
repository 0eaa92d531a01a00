using Microsoft.AspNetCore.Http.HttpResults;

namespace Spinnaker.Mesh.Ingest.Receipts;

/// <summary>
/// <c>GET /api/ingest/receipts/{receiptId}</c>: 200 with the outcome once ingest processed the webhook; 404 while it
/// is still queued (or if the id is unknown).
/// </summary>
internal static class ReceiptEndpoint
{
    public static async Task<Results<Ok<ReceiptOutcome>, ProblemHttpResult>> HandleAsync(
        Guid receiptId, HttpContext http, ReceiptLog receipts, CancellationToken ct) =>
        await receipts.FindAsync(http.GetMeshTenant(), receiptId, ct) is { } outcome
            ? TypedResults.Ok(outcome)
            : MeshProblems.NotFound("Receipt not processed",
                $"Receipt '{receiptId}' has not been processed yet, or is unknown. Accepted webhooks are processed within seconds.");
}
