using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Name-based event ids: an RFC 4122 version 5 UUID of a fixed namespace and a key such as
/// <c>tenant|executionId|stage-completed|stageId|status|endTime</c>. The same observation always yields the same id,
/// whichever Echo delivery or Orca re-emission carried it.
/// </summary>
public static class DeterministicEventId
{
    /// <summary>Namespace of Mesh ingest event ids. Never change it: stored ids and subscribers' dedup depend on it.</summary>
    public static readonly Guid Namespace = new("5f0c7d2e-3b8a-4e61-9a4d-c2b1e7f08a93");

    /// <summary>The id of a key made of <paramref name="parts"/> joined by <c>|</c> (null parts are written as empty).</summary>
    public static Guid From(params ReadOnlySpan<string?> parts) => DeterministicId.FromParts(Namespace, parts);

    /// <summary>Epoch milliseconds of a time for use in a key.</summary>
    public static string? Ms(DateTimeOffset? time) =>
        time?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
