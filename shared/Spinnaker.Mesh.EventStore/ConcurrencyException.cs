namespace Spinnaker.Mesh.EventStore;

/// <summary>
/// Another writer appended to the stream first. Nothing of the failed save was committed: reload the stream, decide
/// again and retry (consumers let their retry policy do this).
/// </summary>
public sealed class ConcurrencyException : Exception
{
    public ConcurrencyException(string tenant, string streamId, long? expectedVersion, long? actualVersion, string? detail = null)
        : base(Describe(tenant, streamId, expectedVersion, actualVersion, detail))
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

    /// <summary>The version the stream was found at, when known.</summary>
    public long? ActualVersion { get; }

    private static string Describe(string tenant, string streamId, long? expected, long? actual, string? detail)
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
        var message = $"Stream '{streamId}' of tenant '{tenant}' was expected {expectation}, but {found}.";
        if (detail is not null) message += " " + detail;
        return message + " Reload the stream and decide again.";
    }
}
