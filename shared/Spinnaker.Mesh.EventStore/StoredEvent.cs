using System.Text.Json;

namespace Spinnaker.Mesh.EventStore;

/// <summary>An event as stored: its place in the schema's global order and in its stream, and its data deserialized through the type registry.</summary>
/// <param name="Seq">Global position (allocation order across streams, not commit order).</param>
/// <param name="Version">Position in the stream, from 1.</param>
/// <param name="Type">The stable alias the event was stored under, e.g. <c>ingest.stage-completed.v1</c>.</param>
/// <param name="Data">An instance of the CLR type registered for <paramref name="Type"/>.</param>
/// <param name="CreatedAt">When the appending transaction started (UTC).</param>
public sealed record StoredEvent(
    long Seq,
    Guid Id,
    string Tenant,
    string StreamId,
    long Version,
    string Type,
    object Data,
    JsonElement? Metadata,
    DateTimeOffset CreatedAt);
