using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// The steps carrying out a decision appends, under ids derived from tenant, decision and step (and attempt), so a
/// step decided twice (a redelivery, two replicas) is the same event and the store's unique event id refuses the
/// second. Contract steps are published with MessageId = EventId.
/// </summary>
internal static class ExecutionEvents
{
    private static readonly Guid Namespace = new("6c0f3f5e-2b7a-4d0e-9a35-0d1c9b7e4a21");

    public const string LostCallError = "no execution found for the decision after an interrupted call";

    public static Guid EventId(RollbackDecision d, string step, int? attempt = null) =>
        DeterministicId.FromParts(Namespace, d.Tenant, d.DecisionId, step, attempt?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static RollbackTriggerIntended Intended(RollbackDecision d, int attempt, DateTimeOffset at) =>
        new(EventId(d, "trigger-intended", attempt), d.DecisionId, attempt, at);

    public static RollbackTriggerAttemptFailed AttemptFailed(RollbackDecision d, int attempt, string error, int? gateStatus, bool retryable, DateTimeOffset at) =>
        new(EventId(d, "trigger-attempt-failed", attempt), d.DecisionId, attempt, error, gateStatus, retryable, at);

    public static RollbackTriggered Triggered(RollbackDecision d, int attempts, string? executionId, bool reconciled, DateTimeOffset at) =>
        new(EventId(d, "triggered"), d.DecisionId, d.Tenant, d.Application, d.RollbackApplication!, d.RollbackPipeline!, executionId, attempts, reconciled, at);

    public static RollbackSucceeded Succeeded(RollbackDecision d, string executionId, DateTimeOffset at) =>
        new(EventId(d, "succeeded"), d.DecisionId, d.Tenant, d.Application, executionId, at);

    public static RollbackFailed Failed(RollbackDecision d, string? executionId, string reason, DateTimeOffset at) =>
        new(EventId(d, "failed"), d.DecisionId, d.Tenant, d.Application, executionId, reason, at);
}
