namespace Spinnaker.Mesh.Rollback.Decisions;

// Steps of a decision's stream that stay inside the rollback service (the others are the Rollback/V1 contracts
// themselves, stored as they are published). Together they make a Gate call at most once per decision: the intent is
// committed before the call, its outcome after, and an intent without an outcome is reconciled against Gate's recent
// executions before anything calls again.

/// <summary>Mesh is about to call Gate for this decision (attempt <paramref name="Attempt"/>, counted from 1).</summary>
internal sealed record RollbackTriggerIntended(Guid EventId, string DecisionId, int Attempt, DateTimeOffset IntendedAt);

/// <summary>
/// Attempt <paramref name="Attempt"/> did not start the pipeline: Gate refused it, or the call's outcome is known not to
/// have reached Orca (reconciliation found no execution for the decision). <paramref name="Retryable"/> says whether
/// another attempt may follow.
/// </summary>
internal sealed record RollbackTriggerAttemptFailed(
    Guid EventId, string DecisionId, int Attempt, string Error, int? GateStatus, bool Retryable, DateTimeOffset FailedAt);
