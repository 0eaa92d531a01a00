using Marten;

namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// Appends events under their deterministic ids, leaving out the ones already stored: a redelivered or re-POSTed
/// webhook appends nothing instead of failing its whole batch on Marten's unique index over event ids.
/// </summary>
public static class IdempotentAppend
{
    /// <summary>
    /// Appends, in the session's unit of work, every event whose id is not stored yet (one query finds the stored ids;
    /// repeats inside the list are dropped too) to its tenant's stream; returns the events it appended, in order.
    /// Nothing is written before <c>SaveChangesAsync</c>; a concurrent writer that commits one of the ids first makes
    /// that save fail on the unique index, and the retry of the message then skips it.
    /// </summary>
    public static async Task<IReadOnlyList<PendingEvent>> AppendNewAsync(
        this IDocumentSession session, IReadOnlyList<PendingEvent> events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return [];
        foreach (var e in events) Validate(e);

        var known = new HashSet<Guid>(await StoredIdsAsync(session, events, ct));
        var fresh = events.Where(e => known.Add(e.Id)).ToList();
        foreach (var e in fresh)
        {
            var wrapped = session.Events.BuildEvent(e.Data);
            wrapped.Id = e.Id;
            if (e.Headers is not null)
                foreach (var (key, value) in e.Headers) wrapped.SetHeader(key, value);
            var stream = session.ForTenant(e.Tenant).Events.Append(e.StreamId, wrapped);
            // Marten's unit of work finds a pending stream by its key alone, so one session cannot append to the
            // same stream id in two tenants: the second tenant's event would join the first tenant's stream.
            if (stream.TenantId != e.Tenant)
                throw new InvalidOperationException(
                    $"Stream '{e.StreamId}' is appended to for tenants '{stream.TenantId}' and '{e.Tenant}' in one session; " +
                    "append each tenant's events in a session of its own.");
        }
        return fresh;
    }

    /// <summary>Whether two of the events name the same stream id in different tenants (see <see cref="AppendNewAsync"/>).</summary>
    public static bool ShareStreamIdsAcrossTenants(IEnumerable<PendingEvent> events) =>
        events.GroupBy(e => e.StreamId, StringComparer.Ordinal).Any(g => g.Select(e => e.Tenant).Distinct(StringComparer.Ordinal).Skip(1).Any());

    private static async Task<IReadOnlyList<Guid>> StoredIdsAsync(IDocumentSession session, IReadOnlyList<PendingEvent> events, CancellationToken ct)
    {
        // Ids are unique across tenants (the index is), so the lookup is not filtered by tenant.
        var ids = events.Select(e => e.Id).Distinct().ToArray();
        var table = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events";
        return await session.AdvancedSql.QueryAsync<Guid>($"SELECT id FROM {table} WHERE id = ANY(?)", ct, ids);
    }

    private static void Validate(PendingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrEmpty(e.Tenant)) throw new ArgumentException("An event needs a tenant.", nameof(e));
        if (string.IsNullOrEmpty(e.StreamId)) throw new ArgumentException("An event needs a stream id.", nameof(e));
        if (e.Id == Guid.Empty) throw new ArgumentException("An event needs an id (derive it from the source message).", nameof(e));
        ArgumentNullException.ThrowIfNull(e.Data);
    }
}
