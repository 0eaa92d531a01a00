namespace Spinnaker.Mesh.Ingest.Rejections;

/// <summary><c>GET /api/ingest/rejections?limit=</c> (newest first) and <c>GET /api/ingest/rejections/{receiptId}/event</c>.</summary>
internal static class RejectionEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static async Task<IResult> ListAsync(int? limit, HttpContext http, RejectionStore store, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
            return Results.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be between 1 and {MaxLimit}.");
        var rejections = await store.ListAsync(http.GetMeshTenant(), limit ?? DefaultLimit, ct);
        return Results.Ok(new { rejections });
    }

    public static async Task<IResult> GetEventAsync(Guid receiptId, HttpContext http, RejectionStore store, CancellationToken ct)
    {
        var json = await store.GetEventAsync(http.GetMeshTenant(), receiptId, ct);
        return json is null
            ? Results.Problem(statusCode: 404, title: "Rejection not found", detail: $"No rejected receipt '{receiptId}'.")
            : Results.Text(json, "application/json");
    }
}
