using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>Who started a rollback, whether a person did, and why.</summary>
internal static class RollbackOrigins
{
    /// <summary>Who Mesh's Gate client names in its trigger when no run-as user is configured.</summary>
    public const string Mesh = "spinnaker-mesh";

    /// <summary>Who rolled back after a failed deploy by itself.</summary>
    public const string Orca = "orca";

    private const string Anonymous = "[anonymous]";

    /// <summary>
    /// Automatic unless a person started the execution: a <c>manual</c> trigger (or an ad-hoc task, trigger
    /// <c>none</c>) names its user; a <c>pipeline</c> trigger, the parent pipeline; other triggers (cron, CI, artifacts,
    /// webhooks) their user when Orca recorded one, else their type. Orca's on-failure rollback and Mesh's own are
    /// automatic whatever started the execution.
    /// </summary>
    public static (bool Automatic, string? TriggeredBy) Who(TriggerInfo? trigger, string kind, string? decisionId)
    {
        if (kind == RollbackKinds.DeployFailureRollback) return (true, Orca);
        if (decisionId is not null) return (true, Person(trigger?.User) ?? Mesh);
        if (trigger is null) return (false, null);
        return trigger.Type.ToLowerInvariant() switch
        {
            "manual" or "none" => (false, Person(trigger.User)),
            "pipeline" => (true, trigger.ParentExecution?.PipelineName ?? trigger.ParentExecutionId ?? "pipeline"),
            _ => (true, Person(trigger.User) ?? trigger.Type),
        };
    }

    /// <summary>
    /// Why, as far as the execution says: the failed parent that started it (its status and errors), else a reason
    /// parameter; for a rollback stage, else the stages of its own execution that failed before it started.
    /// A Mesh-triggered rollback's reason is its decision's (the recorder reads it).
    /// </summary>
    public static string? Why(ExecutionInfo execution, IReadOnlyList<StageInfo> stages, StageInfo? rollbackStage)
    {
        var trigger = execution.Trigger;
        if (trigger?.ParentExecution is { } parent && (ExecutionStatuses.IsFailure(parent.Status) || parent.Status == "CANCELED" || parent.Errors.Count > 0))
            return Join($"{parent.PipelineName ?? trigger.ParentExecutionId ?? "The parent pipeline"} {parent.Status ?? "failed"}", parent.Errors);
        if (TriggerParameters.First(trigger, TriggerParameters.Reason) is { } reason) return reason;
        if (rollbackStage is null) return null;
        var failed = stages
            .Where(s => ExecutionStatuses.IsFailure(s.Status) && !RollbackKinds.IsRollbackStage(s.Type) && !AnomalyReader.WithinRollback(s, stages))
            .Where(s => FailedAt(s) is { } at && (rollbackStage.StartTime is null || at <= rollbackStage.StartTime))
            .OrderBy(FailedAt)
            .ToList();
        return failed.Count == 0 ? null : string.Join(" | ", failed.Select(Describe));
    }

    /// <summary>The deploy Orca rolled back: its errors, else those of the stages that failed under it.</summary>
    public static string? DeployFailure(StageInfo? failedDeploy, IReadOnlyList<StageInfo> stages)
    {
        if (failedDeploy is null) return null;
        IEnumerable<string> errors = failedDeploy.Errors;
        if (failedDeploy.Errors.Count == 0)
            errors = stages.Where(s => s.ParentStageId == failedDeploy.Id && !RollbackKinds.IsRollbackStage(s.Type)).SelectMany(s => s.Errors).Distinct();
        return Join($"{Name(failedDeploy)} failed", [.. errors]);
    }

    private static string Describe(StageInfo stage) => Join($"{Name(stage)} {stage.Status}", stage.Errors);

    private static string Name(StageInfo stage) =>
        $"stage '{stage.Name ?? stage.Type ?? stage.Id}'" + (stage.Type is { } type && type != stage.Name ? $" ({type})" : "");

    private static DateTimeOffset? FailedAt(StageInfo stage) =>
        stage.Tasks.Where(t => ExecutionStatuses.IsFailure(t.Status) && t.EndTime is not null).Select(t => t.EndTime).Min() ?? stage.EndTime;

    private static string Join(string head, IReadOnlyCollection<string> errors) => errors.Count == 0 ? head : $"{head}: {string.Join("; ", errors)}";

    private static string? Person(string? user) => string.IsNullOrWhiteSpace(user) || user == Anonymous ? null : user;
}
