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
            Stages: [.. stages.SelectMany(s => From(s, byId))]);
    }

    /// <summary>How deep <c>parentTrigger</c> is followed (the domain follows no deeper either).</summary>
    private const int MaxParentDepth = 16;

    /// <summary>
    /// The trigger with everything §3.4 resolves the deployed commit from: the git hash, every CI SCM revision (ingest
    /// fills <see cref="TriggerInfo.Scm"/>; events stored before it carry only <see cref="TriggerInfo.CommitSha"/>, taken
    /// as the one revision), parameters, artifacts, the branch and the parent's trigger, recursively.
    /// </summary>
    private static TriggerObservation From(TriggerInfo? trigger, int depth = 0)
    {
        if (trigger is null || depth > MaxParentDepth) return TriggerObservation.Unknown;
        var git = string.Equals(trigger.Type, "git", StringComparison.OrdinalIgnoreCase);
        IReadOnlyList<ScmRevision> scm = trigger.Scm is { Count: > 0 } revisions
            ? [.. revisions.Where(r => !string.IsNullOrWhiteSpace(r.Sha1)).Select(r => new ScmRevision(r.Sha1, r.Branch))]
            : !git && trigger.CommitSha is { Length: > 0 } sha ? [new ScmRevision(sha, trigger.Branch)] : [];
        return new TriggerObservation(
            Type: trigger.Type,
            Hash: git ? trigger.CommitSha : null,
            Branch: trigger.Branch,
            Scm: scm,
            Parameters: trigger.Parameters ?? new Dictionary<string, string>(),
            Artifacts: [.. (trigger.Artifacts ?? []).Select(From)],
            ParentExecutionId: trigger.ParentExecutionId,
            Parent: trigger.ParentTrigger is { } parent ? From(parent, depth + 1) : null);
    }

    private static ArtifactObservation From(ArtifactInfo artifact) =>
        new(artifact.Type, artifact.Name, artifact.Version, artifact.Reference, artifact.Metadata ?? new Dictionary<string, string>());

    /// <summary>
    /// One observation per account the stage targets: a <c>deploy</c> stage with several <c>clusters[].account</c>
    /// deploys to each (so to each one's environment). The first keeps the stage's id (synthetic children point at it);
    /// the others are <c>{id}@{account}</c>.
    /// </summary>
    private static IEnumerable<StageObservation> From(StageInfo stage, IReadOnlyDictionary<string, StageInfo> byId)
    {
        var first = From(stage, stage.Id, stage.Account, byId);
        yield return first;
        var accounts = (stage.Accounts ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.Ordinal);
        foreach (var account in accounts.Where(a => a != stage.Account))
            yield return first with { Id = $"{stage.Id}@{account}", Account = account };
    }

    private static StageObservation From(StageInfo stage, string id, string? account, IReadOnlyDictionary<string, StageInfo> byId) => new(
        Id: id,
        Type: stage.Type,
        Name: stage.Name,
        Status: stage.Status,
        StartTime: stage.StartTime,
        EndTime: stage.EndTime,
        Account: account ?? stage.Accounts?.FirstOrDefault(),
        Cluster: stage.Cluster,
        Regions: stage.Regions,
        ParentStageId: stage.ParentStageId,
        Errors: stage.Errors,
        IsCanary: IsCanary(stage, byId),
        PartiallyApplied: PartiallyApplied(stage),
        RestoredVersion: RestoredSha(stage.Artifacts),
        Artifacts: stage.Artifacts is { Count: > 0 } artifacts ? [.. artifacts.Select(From)] : null);

    /// <summary>Artifact metadata keys that name a commit sha on a rollback's target.</summary>
    private static readonly string[] ShaMetadataKeys = ["sha", "gitSha", "GIT_COMMIT", "commitSha", "commit"];

    /// <summary>
    /// For a rollback stage (the only stages whose artifacts name a target that was restored): the commit sha of the
    /// restored artifact when it states one — a <c>git/*</c> version, a sha metadata key, or a docker tag that is a full
    /// sha. Anything weaker is left unknown: the domain then takes the version that ran before the rolled-back deployment.
    /// Set on every stage; the domain reads it on rollback stages only.
    /// </summary>
    private static string? RestoredSha(IReadOnlyList<ArtifactInfo>? artifacts)
    {
        foreach (var artifact in artifacts ?? [])
        {
            if (artifact.Type.StartsWith("git/", StringComparison.Ordinal) && IsSha(artifact.Version, 7)) return artifact.Version;
            foreach (var key in ShaMetadataKeys)
                if (artifact.Metadata is not null && artifact.Metadata.TryGetValue(key, out var value) && IsSha(value, 7)) return value;
            if (artifact.Type == "docker/image" && IsSha(artifact.Version, 40)) return artifact.Version;
        }
        return null;
    }

    private static bool IsSha(string? value, int minLength) =>
        value is { Length: >= 7 and <= 40 } && value.Length >= minLength && value.All(char.IsAsciiHexDigitLower);

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
