using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// The end of a triggered decision, from Echo's completion of its rollback execution: SUCCEEDED → RollbackSucceeded;
/// TERMINAL, CANCELED, STOPPED → RollbackFailed with what the failed stages said. A completion can come before Gate's
/// answer was recorded (the decision still <c>triggering</c>, or back to <c>approved</c> after a call that seemed to
/// fail): when it names the decision, the start is recorded first, as reconciled.
/// </summary>
internal static class VerificationPlan
{
    public const string DecisionParameter = "meshDecisionId";

    private static readonly HashSet<string> Failures = new(["TERMINAL", "CANCELED", "STOPPED"], StringComparer.Ordinal);
    private static readonly HashSet<string> FailedStages = new(["TERMINAL", "CANCELED", "STOPPED", "FAILED_CONTINUE"], StringComparer.Ordinal);
    private const int MaxReasonLength = 2000;

    /// <summary>The decision an execution names in its trigger parameters, when Mesh started it.</summary>
    public static string? DecisionIdOf(ExecutionInfo execution) =>
        execution.Trigger?.Parameters is { } parameters && parameters.TryGetValue(DecisionParameter, out var id) && id.Length > 0 ? id : null;

    public static IReadOnlyList<object> Steps(RollbackDecision d, PipelineCompleted completed)
    {
        var x = completed.Execution;
        var succeeded = x.Status == "SUCCEEDED";
        if (!succeeded && !Failures.Contains(x.Status)) return [];
        var named = DecisionIdOf(x) == d.DecisionId;
        var endedAt = x.EndTime ?? completed.OccurredAt;
        object end = succeeded
            ? ExecutionEvents.Succeeded(d, x.ExecutionId, endedAt)
            : ExecutionEvents.Failed(d, x.ExecutionId, Reason(completed), endedAt);

        switch (d.Status)
        {
            case DecisionStatus.Triggered when (d.RollbackExecutionId is { } known ? known == x.ExecutionId : named):
                return [end];
            case DecisionStatus.Triggering or DecisionStatus.Approved when named && d.Attempts > 0:
                return [ExecutionEvents.Triggered(d, d.Attempts, x.ExecutionId, reconciled: true, x.StartTime ?? completed.OccurredAt), end];
            default:
                // Not this decision's execution (a re-run of the rollback pipeline carries the same parameters), or the decision ended.
                return [];
        }
    }

    /// <summary>Why the rollback execution failed, in Orca's words: each failed stage with its errors.</summary>
    public static string Reason(PipelineCompleted completed)
    {
        var x = completed.Execution;
        var stages = completed.Stages
            .Where(s => FailedStages.Contains(s.Status) && s.Errors.Count > 0)
            .Select(s => $"stage '{s.Name ?? s.Id}'{(s.Type is null ? "" : $" ({s.Type})")} {s.Status}: {string.Join("; ", s.Errors)}")
            .ToList();
        var reason = $"rollback execution {x.ExecutionId} ended {x.Status}";
        if (x.Canceled && (x.CanceledBy is not null || x.CancellationReason is not null))
            reason += $" (canceled{(x.CanceledBy is null ? "" : $" by {x.CanceledBy}")}{(x.CancellationReason is null ? "" : $": {x.CancellationReason}")})";
        if (stages.Count > 0) reason += ": " + string.Join(" | ", stages);
        return reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 1)] + "…";
    }
}
