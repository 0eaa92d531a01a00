namespace Spinnaker.Mesh.EventSourcing;

/// <summary>
/// Another writer appended to the stream first (Marten's optimistic concurrency check failed). Nothing of the failed
/// save was committed: reload the stream, decide again and retry (consumers let their retry policy do this).
/// </summary>
public sealed class StreamConcurrencyException : Exception
{
    public StreamConcurrencyException(string tenant, string streamId, long? expectedVersion, long? actualVersion, Exception? inner = null)
        : base(Describe(tenant, streamId, expectedVersion, actualVersion), inner)
    {
        Tenant = tenant;
        StreamId = streamId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    public string Tenant { get; }
    public string StreamId { get; }

    /// <summary>The version the append was based on (0: the stream had to be new).</summary>
    public long? ExpectedVersion { get; }

    /// <summary>The version the stream was found at after the failed save, when known.</summary>
    public long? ActualVersion { get; }

    private static string Describe(string tenant, string streamId, long? expected, long? actual)
    {
        var expectation = expected switch
        {
            null => "to accept the append",
            0 => "to be new",
            _ => $"at version {expected}",
        };
        var found = actual switch
        {
            null => "another writer appended to it concurrently",
            0 => "it does not exist",
            _ => $"it is at version {actual}",
        };
        return $"Stream '{streamId}' of tenant '{tenant}' was expected {expectation}, but {found}. Reload the stream and decide again.";
    }
}
