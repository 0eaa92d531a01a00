using JasperFx.Events.Projections;
using Marten;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Decisions;

/// <summary>The decision streams: their events under stable aliases (never rename one) and the inline decision snapshot.</summary>
internal static class DecisionStreams
{
    public static string StreamKey(string decisionId) => $"rollback-decision:{decisionId}";

    public static readonly IReadOnlyList<(string Alias, Type Type)> Events =
    [
        ("rollback.decision.proposed.v1", typeof(RollbackProposed)),
        ("rollback.decision.not-actionable.v1", typeof(RollbackNotActionable)),
        ("rollback.decision.approved.v1", typeof(RollbackApproved)),
        ("rollback.decision.rejected.v1", typeof(RollbackRejected)),
        ("rollback.decision.trigger-intended.v1", typeof(RollbackTriggerIntended)),
        ("rollback.decision.trigger-attempt-failed.v1", typeof(RollbackTriggerAttemptFailed)),
        ("rollback.decision.triggered.v1", typeof(RollbackTriggered)),
        ("rollback.decision.succeeded.v1", typeof(RollbackSucceeded)),
        ("rollback.decision.failed.v1", typeof(RollbackFailed)),
    ];

    public static void Configure(StoreOptions options)
    {
        foreach (var (alias, type) in Events) options.Events.MapEventType(type, alias);
        options.Projections.Snapshot<RollbackDecision>(SnapshotLifecycle.Inline);
        options.Schema.For<RollbackDecision>()
            .Index(d => d.Application)
            .Index(d => d.Status)
            .Index(d => d.RollbackExecutionId!);
    }
}
