namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// An event to append. The id is the caller's, not the store's: derive it deterministically from the source message
/// so a redelivered message carries the same id and the store can skip it.
/// </summary>
/// <param name="Id">Unique across the whole schema; an event whose id is already stored is skipped, not appended twice.</param>
/// <param name="Data">The event record; its CLR type must be registered in <see cref="EventStoreOptions.Events"/>.</param>
/// <param name="Metadata">Anything worth keeping beside the event (receipt id, causation), stored as jsonb.</param>
public sealed record NewEvent(Guid Id, object Data, object? Metadata = null);
