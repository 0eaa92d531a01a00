namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// One normalized contract record (<see cref="Event"/>, e.g. a <c>StageCompleted</c>) and the stream it belongs to.
/// </summary>
/// <param name="StreamId">Natural key of the stream: the execution id for Orca events, else see <see cref="StreamTypes"/>.</param>
/// <param name="StreamType">One of <see cref="StreamTypes"/>.</param>
/// <param name="Alias">Stable event-store alias of the record's type (see <see cref="IngestEventTypes"/>).</param>
/// <param name="Event">The contract record.</param>
/// <param name="EventId">The record's deterministic id (equal to its <c>EventId</c> member).</param>
/// <param name="OccurredAt">When it happened according to the payload (equal to its <c>OccurredAt</c> member).</param>
public sealed record NormalizedEvent(string StreamId, string StreamType, string Alias, object Event, Guid EventId, DateTimeOffset OccurredAt);

/// <summary>What one Echo event normalizes to: events (possibly several), or a rejection with a human reason.</summary>
public sealed class NormalizationResult
{
    private NormalizationResult(IReadOnlyList<NormalizedEvent> events, string? rejection)
    {
        Events = events;
        Rejection = rejection;
    }

    /// <summary>The normalized events, in the order they should be appended; empty when rejected.</summary>
    public IReadOnlyList<NormalizedEvent> Events { get; }

    /// <summary>Why the event was rejected, or null when it was normalized.</summary>
    public string? Rejection { get; }

    public bool IsRejected => Rejection is not null;

    public static NormalizationResult Normalized(IReadOnlyList<NormalizedEvent> events) => new(events, null);

    public static NormalizationResult Rejected(string reason) => new([], reason);

    public override string ToString() => Rejection is { } reason
        ? $"Rejected: {reason}"
        : $"Normalized: {string.Join(", ", Events.Select(e => $"{e.Alias} -> {e.StreamType}:{e.StreamId}"))}";
}

/// <summary>Stream types of normalized events.</summary>
public static class StreamTypes
{
    /// <summary>An Orca execution (pipeline or orchestration); the stream id is the execution id.</summary>
    public const string Execution = "execution";

    /// <summary>A CI build: <c>build:{master}/{job}#{number}</c>.</summary>
    public const string Build = "build";

    /// <summary>A source push: <c>git:{repoProject}/{slug}@{hash}</c>.</summary>
    public const string Git = "git";

    /// <summary>A manual start requested through Gate: <c>manual-trigger:{executionId or eventId}</c>.</summary>
    public const string ManualTrigger = "manual-trigger";

    /// <summary>Any other Echo event: <c>external:{source}:{type}:{eventId}</c>.</summary>
    public const string External = "external";
}
