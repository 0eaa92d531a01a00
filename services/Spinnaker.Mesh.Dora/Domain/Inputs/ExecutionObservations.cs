using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Dora.Domain.Inputs;

/// <summary>Maps the normalized execution events to <see cref="ExecutionObservation"/>.</summary>
internal static class ExecutionObservations
{
    /// <summary>Stage types under which a deploy stage is a canary deploy (Kayenta's and the legacy canary stage).</summary>
    private static readonly HashSet<string> CanaryParents = new(StringComparer.OrdinalIgnoreCase) { "kayentaCanary", "canary", "canaryDeployment" };

    private static readonly HashSet<string> NotSucceeded = new(StringComparer.Ordinal) { "TERMINAL", "FAILED_CONTINUE", "STOPPED", "CANCELED" };

    /// <summary>
    /// The observation a terminal execution event stands for, or null for any other event: only
    /// <see cref="PipelineCompleted"/> and <see cref="OrchestrationCompleted"/> carry the final execution (§3.1).
    /// </summary>
    public static ExecutionObservation? From(IExecutionEvent evt)
    {
        if (evt is not (PipelineCompleted or OrchestrationCompleted)) return null;
        var execution = evt.Execution;
        var stages = evt.Stages ?? [];
        var byId = new Dictionary<string, StageInfo>(StringComparer.Ordinal);
        foreach (var stage in stages) byId.TryAdd(stage.Id, stage);

        return new ExecutionObservation(
            ExecutionId: execution.ExecutionId,
            Application: execution.Application,
            ExecutionType: execution.ExecutionType,
            PipelineName: execution.PipelineName,
            Status: execution.Status,
            StartTime: execution.StartTime,
            EndTime: execution.EndTime,
            ObservedAt: evt.OccurredAt,
            EventId: evt.EventId,
            Trigger: From(execution.Trigger),
            Stages: [.. stages.Select(s => From(s, byId))]);
    }

    /// <summary>
    /// The contracts carry the trigger type, the parent execution id and one commit sha (the git hash, else the first
    /// SCM sha of a CI build). Parameters, artifacts, the branch and the parent's own trigger are not carried yet.
    /// </summary>
    private static TriggerObservation From(TriggerInfo? trigger)
    {
        if (trigger is null) return TriggerObservation.Unknown;
        var git = string.Equals(trigger.Type, "git", StringComparison.OrdinalIgnoreCase);
        return new TriggerObservation(
            Type: trigger.Type,
            Hash: git ? trigger.CommitSha : null,
            Branch: null,
            Scm: !git && trigger.CommitSha is { Length: > 0 } sha ? [new ScmRevision(sha, null)] : [],
            Parameters: new Dictionary<string, string>(),
            Artifacts: [],
            ParentExecutionId: trigger.ParentExecutionId,
            Parent: null);
    }

    private static StageObservation From(StageInfo stage, IReadOnlyDictionary<string, StageInfo> byId) => new(
        Id: stage.Id,
        Type: stage.Type,
        Name: stage.Name,
        Status: stage.Status,
        StartTime: stage.StartTime,
        EndTime: stage.EndTime,
        Account: stage.Account,
        Cluster: stage.Cluster,
        Regions: stage.Regions,
        ParentStageId: stage.ParentStageId,
        Errors: stage.Errors,
        IsCanary: IsCanary(stage, byId),
        PartiallyApplied: PartiallyApplied(stage));

    /// <summary>
    /// A canary deploy: the stage or its cluster is named as one (Spinnaker's <c>app-stack-canary</c> convention), or
    /// it runs under a canary stage (the legacy canary stage deploys its baseline and canary as synthetic children).
    /// </summary>
    private static bool IsCanary(StageInfo stage, IReadOnlyDictionary<string, StageInfo> byId)
    {
        if (NamesCanary(stage.Name) || NamesCanary(stage.Cluster)) return true;
        var parentId = stage.ParentStageId;
        for (var depth = 0; parentId is not null && depth < 32 && byId.TryGetValue(parentId, out var parent); depth++)
        {
            if (parent.Type is { } type && CanaryParents.Contains(type)) return true;
            parentId = parent.ParentStageId;
        }
        return false;
    }

    private static bool NamesCanary(string? name) =>
        name is not null && name.Split('-', ' ', '_').Any(part => part.Equals("canary", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Applied, then failed waiting: a wait-for-stable task (<c>waitForManifestToStabilize</c>, <c>waitForUpInstances</c>,
    /// <c>waitForCapacityMatch</c>) failed after an earlier task of the stage succeeded.
    /// </summary>
    private static bool PartiallyApplied(StageInfo stage)
    {
        if (stage.Status == "SUCCEEDED") return false;
        var succeededBefore = false;
        foreach (var task in stage.Tasks)
        {
            if (task.Status == "SUCCEEDED") succeededBefore = true;
            else if (NotSucceeded.Contains(task.Status)) return succeededBefore && IsWaitForStable(task.Name);
        }
        return false;
    }

    private static bool IsWaitForStable(string name) =>
        name.Contains("stabil", StringComparison.OrdinalIgnoreCase) || name.Contains("stable", StringComparison.OrdinalIgnoreCase)
        || name.Contains("UpInstances", StringComparison.OrdinalIgnoreCase) || name.Contains("CapacityMatch", StringComparison.OrdinalIgnoreCase);
}
