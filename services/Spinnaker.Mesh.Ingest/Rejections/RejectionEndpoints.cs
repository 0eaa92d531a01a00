using Microsoft.AspNetCore.Http.HttpResults;

namespace Spinnaker.Mesh.Ingest.Rejections;

/// <summary><c>GET /api/ingest/rejections?limit=</c> (newest first) and <c>GET /api/ingest/rejections/{receiptId}/event</c>.</summary>
internal static class RejectionEndpoints
{
    public static readonly QueryLimit Limit = new(Default: 50, Max: 1000);

    public static async Task<Results<Ok<RejectionList>, ValidationProblem>> ListAsync(
        string? limit, HttpContext http, RejectionStore store, CancellationToken ct)
    {
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();
        return TypedResults.Ok(new RejectionList(await store.ListAsync(http.GetMeshTenant(), take, ct)));
    }

    /// <summary>The Echo event as received (its own JSON, not re-serialized).</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetEventAsync(
        Guid receiptId, HttpContext http, RejectionStore store, CancellationToken ct) =>
        await store.GetEventAsync(http.GetMeshTenant(), receiptId, ct) is { } json
            ? TypedResults.Text(json, "application/json")
            : MeshProblems.NotFound("Rejection not found", $"No rejected receipt '{receiptId}'.");
}

/// <summary>A page of a tenant's rejections, newest first.</summary>
internal sealed record RejectionList(IReadOnlyList<Rejection> Rejections);
