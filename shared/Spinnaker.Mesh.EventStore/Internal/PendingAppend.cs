using System.Text.Json;

namespace Spinnaker.Mesh.EventStore.Internal;

/// <summary>An event waiting for SaveChanges, serialized once when it was appended.</summary>
internal sealed record PendingEvent(Guid Id, object Data, string Type, string DataJson, JsonElement? Metadata);

/// <summary>One <see cref="EventSession.Append"/> call: its events must land on the stream at the expected version.</summary>
internal sealed record PendingAppend(StreamKey Stream, string StreamType, long? ExpectedVersion, IReadOnlyList<PendingEvent> Events);

/// <summary>An inbox row to write with the session.</summary>
internal readonly record struct InboxEntry(string Consumer, Guid MessageId);
