using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Spinnaker.Mesh.Rollback.Incidents.Domain;

namespace Spinnaker.Mesh.Rollback.Incidents.Api;

/// <summary>
/// <c>GET /api/incidents?application=&amp;status=open|resolved&amp;limit=</c>: the tenant's incidents, newest first;
/// <c>GET /api/incidents/{incidentId}</c>: one, with its whole deploy context.
/// </summary>
internal static class IncidentEndpoints
{
    public static readonly QueryLimit Limit = new(Default: 50, Max: 500);

    public static async Task<Results<Ok<IncidentList>, ValidationProblem>> ListAsync(
        string? application, string? status, string? limit, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(status) && !IncidentStatus.All.Contains(status))
            return MeshProblems.InvalidField("status", $"status must be one of {string.Join(", ", IncidentStatus.All)} (was '{status}').");
        // Empty means no filter, as for status; only blanks are a mistake worth naming.
        if (application is { Length: > 0 } && string.IsNullOrWhiteSpace(application))
            return MeshProblems.InvalidField("application", "application must name a Spinnaker application when given.");
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();

        await using var session = store.QuerySession(http.GetMeshTenant());
        var query = session.Query<Incident>().AsQueryable();
        if (!string.IsNullOrEmpty(application)) query = query.Where(i => i.Application == application);
        if (!string.IsNullOrEmpty(status)) query = query.Where(i => i.Status == status);
        var incidents = await query.OrderByDescending(i => i.OpenedAt).ThenByDescending(i => i.IncidentId).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new IncidentList([.. incidents.Select(IncidentSummary.Of)]));
    }

    public static async Task<Results<Ok<IncidentDetail>, ProblemHttpResult>> GetAsync(
        string incidentId, HttpContext http, IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession(http.GetMeshTenant());
        return await session.LoadAsync<Incident>(IncidentIds.StreamKey(incidentId), ct) is { } incident
            ? TypedResults.Ok(IncidentDetail.Of(incident))
            : MeshProblems.NotFound("Incident not found", $"No incident '{incidentId}' was opened for this tenant.");
    }
}
