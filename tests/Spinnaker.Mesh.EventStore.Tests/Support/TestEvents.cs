using Spinnaker.Mesh.EventStore;

namespace Spinnaker.Mesh.EventStore.Tests.Support;

public sealed record StageStarted(string StageId, string Name);

public sealed record StageCompleted(string StageId, string Status);

/// <summary>Never registered: appending it must fail.</summary>
public sealed record NotRegistered(string Anything);

public sealed record ReceiptMetadata(Guid ReceiptId, string EchoType);

public static class TestEvents
{
    public const string StreamType = "execution";
    public const string StageStartedAlias = "specs.stage-started.v1";
    public const string StageCompletedAlias = "specs.stage-completed.v1";

    public static void Register(EventTypeRegistry events) => events
        .Register<StageStarted>(StageStartedAlias)
        .Register<StageCompleted>(StageCompletedAlias);

    public static NewEvent Started(string stageId, object? metadata = null) =>
        new(Guid.CreateVersion7(), new StageStarted(stageId, $"stage {stageId}"), metadata);

    public static NewEvent Completed(string stageId, string status = "SUCCEEDED") =>
        new(Guid.CreateVersion7(), new StageCompleted(stageId, status));

    /// <summary>Stream ids are text, as Spinnaker's ULID execution ids are.</summary>
    public static string NewStreamId() => $"01{Guid.CreateVersion7():N}".ToUpperInvariant();
}
