using System.Globalization;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Spinnaker.Mesh.Ingest.Replay;

/// <summary>
/// <c>POST /api/ingest/replay?executionId=&amp;afterSeq=&amp;limit=</c>: publishes stored normalized events again, in the
/// order they were stored, so that a service deployed after they arrived (or a subscriber that lost its data) can
/// catch up. Messages carry the same MessageId = EventId as the first time, so subscribers that already have them
/// change nothing. One page per call: pass the answer's <c>lastSeq</c> as <c>afterSeq</c> while <c>more</c> is true.
/// </summary>
internal static class ReplayEndpoint
{
    public static readonly QueryLimit Limit = new(Default: 5_000, Max: 50_000);

    public static async Task<Results<Ok<ReplayPage>, ValidationProblem>> HandleAsync(
        string? executionId, string? afterSeq, string? limit, HttpContext http, IDocumentStore store, IPublishEndpoint publisher,
        ILoggerFactory logging, CancellationToken ct)
    {
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();
        if (!TryReadPosition(afterSeq, out var after))
            return MeshProblems.InvalidField("afterSeq", "afterSeq must be a stored position: a whole number, 0 or more (the lastSeq of the previous page).");

        var tenant = http.GetMeshTenant();
        var events = await PageAsync(store, tenant, executionId, after, take, ct);
        // Sequentially awaited confirms would make a page take minutes; the broker confirms these concurrently.
        await Task.WhenAll(events.Select(e =>
            publisher.Publish(e.Data, e.Data.GetType(), Pipe.Execute<PublishContext>(p => p.MessageId = e.Id), ct)));

        var lastSeq = events.Count > 0 ? events[^1].Sequence : after;
        logging.CreateLogger("Spinnaker.Mesh.Ingest.Replay").LogInformation("Replayed {Count} events of tenant {Tenant} (execution {ExecutionId}) up to seq {LastSeq}",
            events.Count, tenant, executionId ?? "(all)", lastSeq);
        return TypedResults.Ok(new ReplayPage(events.Count, lastSeq, events.Count == take));
    }

    /// <summary>Read from the raw string, as <see cref="QueryLimit"/> reads limits, so <c>?afterSeq=abc</c> gets a 400 naming it.</summary>
    private static bool TryReadPosition(string? requested, out long position)
    {
        position = 0;
        return string.IsNullOrEmpty(requested)
            || long.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out position);
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
