using JasperFx.Events.Projections;
using Marten;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// One stream per rollback, <c>rollback:{rollbackId}</c>: the observations that changed it, then the
/// <see cref="RollbackObserved"/> published when it ended. Events under stable aliases (never rename one: stored
/// events are read back by alias); <see cref="RollbackView"/> is their inline snapshot.
/// </summary>
internal static class RollbackStreams
{
    private static readonly Guid ObservedIds = new("c8a1f3e6-2d5b-4e79-8a0c-6f1d2b3e4a52");

    public static string StreamKey(string rollbackId) => $"rollback:{rollbackId}";

    public static readonly IReadOnlyList<(string Alias, Type Type)> Events =
    [
        ("rollback.recognized.v1", typeof(RollbackRecognized)),
        ("rollback.observed.v1", typeof(RollbackObserved)),
    ];

    /// <summary>The <see cref="RollbackObserved"/> of a rollback: one id per tenant and rollback, whenever it is derived.</summary>
    public static Guid ObservedId(string tenant, string rollbackId) => DeterministicId.FromParts(ObservedIds, tenant, rollbackId);

    public static void Configure(StoreOptions options)
    {
        foreach (var (alias, type) in Events) options.Events.MapEventType(type, alias);
        options.Projections.Snapshot<RollbackView>(SnapshotLifecycle.Inline);
        options.Schema.For<RollbackView>()
            .Index(r => r.Application)
            .Index(r => r.ListedAt)
            .Index(r => r.ExecutionId);
    }
}
