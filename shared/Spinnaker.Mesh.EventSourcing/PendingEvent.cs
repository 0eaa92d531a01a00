namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// An event to append to a tenant's stream under an id the caller derived (see <see cref="DeterministicId"/>), so a
/// redelivered message yields the same id and <see cref="IdempotentAppend"/> can tell it is stored already.
/// </summary>
/// <param name="Data">The event record; its type is registered with the store under a stable alias.</param>
/// <param name="Headers">
/// Metadata stored beside the event in <c>mt_events.headers</c> (e.g. the message it came from); the store must
/// enable headers (<c>Events.MetadataConfig.HeadersEnabled</c>) for them to be kept.
/// </param>
public sealed record PendingEvent(string Tenant, string StreamId, Guid Id, object Data, IReadOnlyDictionary<string, object>? Headers = null);
