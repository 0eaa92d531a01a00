using Marten;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Consumers;

/// <summary>
/// Stores a batch of normalized execution events in one Marten session and one transaction: each event goes to its
/// execution's stream under its deterministic id, events already stored are left out, and the inline
/// <see cref="ExecutionReadModelProjection"/> updates the read model in the same commit.
/// </summary>
internal sealed class ExecutionEventWriter(IDocumentStore store)
{
    /// <summary>Returns the events this call appended (none when every event was stored already: nothing is written then).</summary>
    public async Task<IReadOnlyList<PendingEvent>> AppendAsync(IReadOnlyList<object> normalizedEvents, CancellationToken ct)
    {
        // Grouped by execution (stable, so each execution's events keep their delivery order): Marten then writes the
        // streams in the same order the locks are taken.
        var events = normalizedEvents.Select(ExecutionEvents.ToPending)
            .OrderBy(e => new ExecutionKey(e.Tenant, e.StreamId))
            .ToList();
        // One Marten session cannot hold one stream id in two tenants; should two tenants' executions share an id,
        // each tenant's events commit on their own (a retry of the batch skips what an earlier part committed).
        if (!IdempotentAppend.ShareStreamIdsAcrossTenants(events)) return await AppendInOneTransactionAsync(events, ct);
        var appended = new List<PendingEvent>();
        foreach (var tenant in events.GroupBy(e => e.Tenant, StringComparer.Ordinal))
            appended.AddRange(await AppendInOneTransactionAsync([.. tenant], ct));
        return appended;
    }

    private async Task<IReadOnlyList<PendingEvent>> AppendInOneTransactionAsync(IReadOnlyList<PendingEvent> events, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        // Reads from here on run in the transaction that commits: the stored ids and states are read under the
        // executions' locks, after any writer that held them committed (see ExecutionLocks).
        await session.BeginTransactionAsync(ct);
        await ExecutionLocks.TakeAsync(session, events.Select(e => new ExecutionKey(e.Tenant, e.StreamId)).Distinct().ToList(), ct);
        var appended = await session.AppendNewAsync(events, ct);
        if (appended.Count > 0) await session.SaveChangesAsync(ct);
        return appended;
    }
}
