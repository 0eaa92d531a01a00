using JasperFx.Events;
using Marten;
using MassTransit;

namespace Spinnaker.Mesh.Ingest.Replay;

/// <summary>
/// <c>POST /api/ingest/replay?executionId=&amp;afterSeq=&amp;limit=</c>: publishes stored normalized events again, in the
/// order they were stored, so that a service deployed after they arrived (or a subscriber that lost its data) can
/// catch up. Messages carry the same MessageId = EventId as the first time, so subscribers that already have them
/// change nothing. One page per call: pass the answer's <c>lastSeq</c> as <c>afterSeq</c> while <c>more</c> is true.
/// </summary>
internal static class ReplayEndpoint
{
    public const int DefaultLimit = 5_000;
    public const int MaxLimit = 50_000;

    public static async Task<IResult> HandleAsync(
        string? executionId, long? afterSeq, int? limit, HttpContext http, IDocumentStore store, IPublishEndpoint publisher,
        ILoggerFactory logging, CancellationToken ct)
    {
        if (limit is < 1 or > MaxLimit)
            return Results.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be between 1 and {MaxLimit}.");
        if (afterSeq is < 0)
            return Results.Problem(statusCode: 400, title: "Invalid afterSeq", detail: "afterSeq is a stored position: 0 or more.");

        var tenant = http.GetMeshTenant();
        var take = limit ?? DefaultLimit;
        var events = await PageAsync(store, tenant, executionId, afterSeq ?? 0, take, ct);
        // Sequentially awaited confirms would make a page take minutes; the broker confirms these concurrently.
        await Task.WhenAll(events.Select(e =>
            publisher.Publish(e.Data, e.Data.GetType(), Pipe.Execute<PublishContext>(p => p.MessageId = e.Id), ct)));

        var lastSeq = events.Count > 0 ? events[^1].Sequence : afterSeq ?? 0;
        logging.CreateLogger("Spinnaker.Mesh.Ingest.Replay").LogInformation("Replayed {Count} events of tenant {Tenant} (execution {ExecutionId}) up to seq {LastSeq}",
            events.Count, tenant, executionId ?? "(all)", lastSeq);
        return Results.Ok(new ReplayPage(events.Count, lastSeq, events.Count == take));
    }

    /// <summary>A page of the tenant's events (or of one execution's) in Marten's sequence order, after <paramref name="afterSeq"/>.</summary>
    private static async Task<IReadOnlyList<IEvent>> PageAsync(
        IDocumentStore store, string tenant, string? executionId, long afterSeq, int take, CancellationToken ct)
    {
        await using var session = store.QuerySession(tenant);
        var events = session.Events.QueryAllRawEvents().Where(e => e.Sequence > afterSeq);
        if (executionId is not null) events = events.Where(e => e.StreamKey == executionId);
        return await events.OrderBy(e => e.Sequence).Take(take).ToListAsync(ct);
    }
}

/// <summary>What one replay call published, and where the next page starts.</summary>
internal sealed record ReplayPage(int Published, long LastSeq, bool More);
