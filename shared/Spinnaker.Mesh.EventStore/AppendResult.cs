namespace Spinnaker.Mesh.EventStore;

/// <summary>What one <see cref="EventSession.SaveChangesAsync"/> did to one stream.</summary>
/// <param name="Version">The stream's version after the commit (unchanged when every event was already present).</param>
/// <param name="Appended">The events this commit added, in version order; empty for a replay.</param>
/// <param name="Skipped">Events left out because an event with the same id was already stored (or repeated in the session).</param>
public sealed record AppendResult(string Tenant, string StreamId, long Version, IReadOnlyList<StoredEvent> Appended, int Skipped);
