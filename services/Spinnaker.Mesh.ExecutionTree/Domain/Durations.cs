namespace Spinnaker.Mesh.ExecutionTree.Domain;

internal static class Durations
{
    /// <summary>
    /// Milliseconds from start to end when both are known. Clocks of different Orca instances can disagree by a
    /// little, so an end before its start counts as zero rather than as a negative duration.
    /// </summary>
    public static long? Between(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? Math.Max(0, (e - s).Ticks / TimeSpan.TicksPerMillisecond) : null;
}
