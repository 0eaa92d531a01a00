using Marten;
using Marten.Exceptions;

namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// Optimistic concurrency for a writer that decided on a stream's state: append at the version it read, and commit
/// with <see cref="SaveChangesExpectingVersionsAsync"/> so that losing the race reads as a
/// <see cref="StreamConcurrencyException"/> naming tenant, stream and versions.
/// </summary>
public static class ExpectedVersion
{
    /// <summary>
    /// Appends to a stream of the session's tenant that must be at <paramref name="expectedVersion"/> when the session
    /// commits: 0 means it must not exist yet. (Marten's own overload takes the version after the append.)
    /// </summary>
    public static void AppendAtVersion(this IDocumentSession session, string streamId, long expectedVersion, params object[] events)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        if (events is not { Length: > 0 }) throw new ArgumentException($"Nothing to append to stream '{streamId}'.", nameof(events));
        if (expectedVersion == 0) session.Events.StartStream(streamId, events);
        else session.Events.Append(streamId, expectedVersion + events.Length, events);
    }

    /// <summary>
    /// <c>SaveChangesAsync</c>, with Marten's concurrency failures (a stream not at the expected version, a new stream
    /// that exists) turned into <see cref="StreamConcurrencyException"/>. Nothing of the session is committed then.
    /// </summary>
    public static async Task SaveChangesExpectingVersionsAsync(this IDocumentSession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var expectations = session.PendingChanges.Streams()
            .Where(s => s.ExpectedVersionOnServer is not null || s.ActionType == JasperFx.Events.StreamActionType.Start)
            .Select(s => new Expectation(s.TenantId, s.Key!, s.ActionType == JasperFx.Events.StreamActionType.Start ? 0 : s.ExpectedVersionOnServer!.Value))
            .ToList();
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Conflict(e) is { } conflict && expectations.Count > 0)
        {
            var failed = expectations.FirstOrDefault(x => Equals(x.StreamId, conflict.Id as string)) ?? expectations[0];
            var state = await session.ForTenant(failed.Tenant).Events.FetchStreamStateAsync(failed.StreamId, ct);
            throw new StreamConcurrencyException(failed.Tenant, failed.StreamId, failed.Version, state?.Version ?? 0, e);
        }
    }

    private static JasperFx.ConcurrencyException? Conflict(Exception e) => e switch
    {
        JasperFx.ConcurrencyException c => c,
        ExistingStreamIdCollisionException collision => new JasperFx.ConcurrencyException(collision.Message, null, collision.Id),
        AggregateException many => many.InnerExceptions.Select(Conflict).FirstOrDefault(c => c is not null),
        _ when e.InnerException is { } inner => Conflict(inner),
        _ => null,
    };

    private sealed record Expectation(string Tenant, string StreamId, long Version);
}
