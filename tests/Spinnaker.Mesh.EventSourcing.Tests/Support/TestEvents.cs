using Marten;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.EventSourcing.Tests.Support;

public sealed record StageStarted(string StageId, string Name);

public sealed record StageCompleted(string StageId, string Status);

public static class TestEvents
{
    public const string StageStartedAlias = "specs.stage-started.v1";
    public const string StageCompletedAlias = "specs.stage-completed.v1";

    private static readonly Guid Namespace = new("0b6f3c55-8f5e-4a57-9d0e-7b1f2c3d4e5f");

    public static void Register(StoreOptions options)
    {
        options.Events.MapEventType<StageStarted>(StageStartedAlias);
        options.Events.MapEventType<StageCompleted>(StageCompletedAlias);
    }

    /// <summary>Ids derived from what the event says, as ingest derives them: the same observation, the same id.</summary>
    public static PendingEvent Started(string tenant, string streamId, string stageId) =>
        new(tenant, streamId, DeterministicId.FromParts(Namespace, tenant, streamId, "started", stageId), new StageStarted(stageId, $"stage {stageId}"));

    public static PendingEvent Completed(string tenant, string streamId, string stageId, string status = "SUCCEEDED") =>
        new(tenant, streamId, DeterministicId.FromParts(Namespace, tenant, streamId, "completed", stageId, status), new StageCompleted(stageId, status));

    /// <summary>Stream ids are text, as Spinnaker's ULID execution ids are.</summary>
    public static string NewStreamId() => $"01{Guid.CreateVersion7():N}".ToUpperInvariant();
}
