using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// <c>GET /api/rollbacks</c>: the tenant's rollbacks, newest first, of one application or all, started within
/// <c>from</c>..<c>to</c>; <c>GET /api/rollbacks/{rollbackId}</c>: one. Each with the anomalies that preceded it, as
/// known at the time of the request.
/// </summary>
internal static class RollbackEndpoints
{
    public static readonly QueryLimit Limit = new(Default: 50, Max: 500);

    public static async Task<Results<Ok<RollbackList>, ValidationProblem>> ListAsync(
        string? application, string? from, string? to, string? limit, HttpContext http, IDocumentStore store, AnomalyStore anomalies,
        IOptions<RecognitionOptions> options, CancellationToken ct)
    {
        if (!QueryWindow.TryRead(from, to, out var since, out var until, out var badWindow)) return badWindow;
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();

        var tenant = http.GetMeshTenant();
        await using var session = store.QuerySession(tenant);
        IQueryable<RollbackView> query = session.Query<RollbackView>();
        if (!string.IsNullOrWhiteSpace(application)) query = query.Where(r => r.Application == application);
        if (since is { } start) query = query.Where(r => r.ListedAt >= start);
        if (until is { } end) query = query.Where(r => r.ListedAt <= end);
        var views = await query.OrderByDescending(r => r.ListedAt).ThenByDescending(r => r.Id).Take(take).ToListAsync(ct);
        var preceding = await anomalies.PrecedingAsync(tenant, [.. views.Select(v => v.Window())], options.Value.AnomalyWindow, ct);
        return TypedResults.Ok(new RollbackList([.. views.Select((v, i) => RollbackResponse.Of(v, preceding[i]))]));
    }

    public static async Task<Results<Ok<RollbackResponse>, ProblemHttpResult>> GetAsync(
        string rollbackId, HttpContext http, IDocumentStore store, AnomalyStore anomalies, IOptions<RecognitionOptions> options, CancellationToken ct)
    {
        var tenant = http.GetMeshTenant();
        await using var session = store.QuerySession(tenant);
        if (await session.LoadAsync<RollbackView>(RollbackStreams.StreamKey(rollbackId), ct) is not { } view)
            return MeshProblems.NotFound("Rollback not found", $"No rollback '{rollbackId}' was recognized in the executions of tenant '{tenant}'.");
        var preceding = await anomalies.PrecedingAsync(tenant, [view.Window()], options.Value.AnomalyWindow, ct);
        return TypedResults.Ok(RollbackResponse.Of(view, preceding[0]));
    }
}

/// <summary><c>GET /api/rollbacks</c>: newest first.</summary>
internal sealed record RollbackList(IReadOnlyList<RollbackResponse> Rollbacks);

/// <summary>
/// A rollback as the API shows it (the fields of <see cref="RollbackObserved"/>); <see cref="Final"/> is false while it
/// runs, and its status and end are then not yet its last.
/// </summary>
internal sealed record RollbackResponse(
    string RollbackId,
    string Application,
    string ExecutionId,
    string? PipelineName,
    string Kind,
    string? StageId,
    string? Cluster,
    string? Account,
    string? Region,
    string? Namespace,
    bool Automatic,
    string? TriggeredBy,
    string? Reason,
    string? FromVersion,
    string? ToVersion,
    string Status,
    bool Final,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? DecisionId,
    IReadOnlyList<PrecedingAnomaly> PrecedingAnomalies)
{
    public static RollbackResponse Of(RollbackView v, IReadOnlyList<PrecedingAnomaly> anomalies) => new(
        v.RollbackId, v.Application, v.ExecutionId, v.PipelineName, v.Kind, v.StageId, v.Cluster, v.Account, v.Region, v.Namespace,
        v.Automatic, v.TriggeredBy, v.Reason, v.FromVersion, v.ToVersion, v.Status, v.Final, v.StartedAt, v.EndedAt, v.DecisionId, anomalies);
}
