using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>A decision as the executor reads it: the snapshot, its stream version and when its last step happened.</summary>
/// <param name="LastStepAt">The time the last event states (an intent's <c>IntendedAt</c>, a failure's <c>FailedAt</c>, ...).</param>
internal sealed record DecisionState(RollbackDecision Decision, long Version, DateTimeOffset LastStepAt);

/// <summary>What the executor does next for a decision.</summary>
internal abstract record ExecutionStep
{
    private ExecutionStep() { }

    /// <summary>Nothing: not approved (yet, or any more), or already past Gate.</summary>
    public sealed record None(string Status) : ExecutionStep;

    /// <summary>Record the intent of attempt <paramref name="Attempt"/>, then call Gate.</summary>
    public sealed record Trigger(int Attempt) : ExecutionStep;

    /// <summary>The previous attempt failed; the next one is due at <paramref name="Until"/>.</summary>
    public sealed record Wait(DateTimeOffset Until) : ExecutionStep;

    /// <summary>Attempt <paramref name="Attempt"/>'s intent has no outcome: ask Gate whether the call reached Orca.</summary>
    public sealed record Reconcile(int Attempt, DateTimeOffset IntendedAt) : ExecutionStep;

    /// <summary>No attempt is left (the limit was lowered below the attempts made): the decision fails.</summary>
    public sealed record GiveUp(string Reason) : ExecutionStep;
}

/// <summary>
/// The executor's state machine, without I/O: from a decision's state to the next step, and from what Gate answered to
/// the events that record it. approved → (intent) triggering → triggered | approved again (a retryable failure, more
/// attempts left) | failed (refused, or no attempt left); triggering without outcome → reconciled against Gate.
/// </summary>
internal static class ExecutionPlan
{
    public static ExecutionStep Next(DecisionState state, DateTimeOffset now, ExecutionOptions options)
    {
        var d = state.Decision;
        switch (d.Status)
        {
            case DecisionStatus.Triggering:
                return new ExecutionStep.Reconcile(d.Attempts, state.LastStepAt);
            case DecisionStatus.Approved when d.RollbackApplication is null || d.RollbackPipeline is null:
                return new ExecutionStep.GiveUp("the decision names no rollback pipeline");
            case DecisionStatus.Approved when d.Attempts == 0:
                return new ExecutionStep.Trigger(1);
            case DecisionStatus.Approved when d.Attempts >= options.MaxAttempts:
                return new ExecutionStep.GiveUp(Exhausted(d, d.Attempts, d.LastError));
            case DecisionStatus.Approved:
                var due = state.LastStepAt + options.DelayAfter(d.Attempts);
                return now >= due ? new ExecutionStep.Trigger(d.Attempts + 1) : new ExecutionStep.Wait(due);
            default:
                return new ExecutionStep.None(d.Status);
        }
    }

    /// <summary>Gate started the pipeline.</summary>
    public static IReadOnlyList<object> Started(RollbackDecision d, int attempt, GateTriggerResult result, DateTimeOffset now) =>
        [ExecutionEvents.Triggered(d, attempt, result.ExecutionId, reconciled: false, now)];

    /// <summary>Gate refused attempt <paramref name="attempt"/> or could not be reached: recorded, and the decision fails when no retry is left.</summary>
    public static IReadOnlyList<object> Refused(RollbackDecision d, int attempt, GateCallException refusal, DateTimeOffset now, ExecutionOptions options)
    {
        var failed = ExecutionEvents.AttemptFailed(d, attempt, refusal.Message, refusal.StatusCode, refusal.Retryable, now);
        if (!refusal.Retryable)
            return [failed, ExecutionEvents.Failed(d, null, $"Gate refused to start {Pipeline(d)}{Status(refusal.StatusCode)}: {refusal.Message}", now)];
        return attempt >= options.MaxAttempts ? [failed, ExecutionEvents.Failed(d, null, Exhausted(d, attempt, refusal.Message), now)] : [failed];
    }

    /// <summary>
    /// Gate's recent executions, read for an intent without outcome: the execution that carries the decision's id
    /// (the first started, should there be more) is the one the cut call created. None: the call was lost, but only
    /// once the intent is older than <see cref="ExecutionOptions.ReconcileGrace"/> (nothing until then: ask again later).
    /// </summary>
    public static IReadOnlyList<object> Reconciled(
        RollbackDecision d, int attempt, DateTimeOffset intendedAt, IReadOnlyList<GateExecution> executions, DateTimeOffset now, ExecutionOptions options)
    {
        var found = executions
            .Where(x => string.Equals(x.DecisionId, d.DecisionId, StringComparison.Ordinal))
            .OrderBy(x => x.StartTime ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();
        if (found is not null) return [ExecutionEvents.Triggered(d, attempt, found.ExecutionId, reconciled: true, found.StartTime ?? now)];
        if (now - intendedAt < options.ReconcileGrace) return [];
        var failed = ExecutionEvents.AttemptFailed(d, attempt, ExecutionEvents.LostCallError, null, retryable: true, now);
        return attempt >= options.MaxAttempts ? [failed, ExecutionEvents.Failed(d, null, Exhausted(d, attempt, ExecutionEvents.LostCallError), now)] : [failed];
    }

    public static IReadOnlyList<object> GaveUp(RollbackDecision d, string reason, DateTimeOffset now) => [ExecutionEvents.Failed(d, null, reason, now)];

    private static string Exhausted(RollbackDecision d, int attempts, string? lastError) =>
        $"Gate did not start {Pipeline(d)} in {attempts} attempt{(attempts == 1 ? "" : "s")}" + (lastError is null ? "" : $"; last error: {lastError}");

    private static string Pipeline(RollbackDecision d) => $"{d.RollbackApplication}/{d.RollbackPipeline}";

    private static string Status(int? status) => status is { } s ? $" (HTTP {s})" : "";
}
