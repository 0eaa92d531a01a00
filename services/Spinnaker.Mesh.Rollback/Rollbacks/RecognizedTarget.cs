using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>What a rollback rolled back: where, from which version, to which.</summary>
internal sealed record RecognizedTarget(string? Cluster, string? Account, string? Region, string? Namespace, string? FromVersion, string? ToVersion)
{
    /// <summary>
    /// A rollback stage's target, read from the stage and the rollback stages Orca planned under it (a cluster
    /// rollback's <c>Rollback &lt;region&gt;</c> children carry the server groups it chose), then from the failed
    /// deploy it answers (Orca's on-failure rollback), then from the trigger's parameters.
    /// <list type="bullet">
    /// <item>From: the server group rolled back; for a manifest, the image version deployed before it (an earlier
    /// deploy stage of the execution, else what the parent pipeline deployed).</item>
    /// <item>To: the server group restored, the image a previous-image rollback redeploys, the manifest revision.</item>
    /// </list>
    /// </summary>
    public static RecognizedTarget OfStage(StageInfo stage, IReadOnlyList<StageInfo> stages, StageInfo? failedDeploy, TriggerInfo? trigger)
    {
        StageInfo[] family = [stage, .. Descendants(stage, stages)];
        var rollback = Merge(family.Select(s => s.Rollback));
        var target = new RecognizedTarget(
            Cluster: family.Select(s => s.Cluster).FirstOrDefault(c => c is not null)
                ?? rollback.ManifestName
                ?? ClusterKey.OfServerGroup(rollback.RolledBackServerGroup ?? rollback.RestoredServerGroup ?? stage.ServerGroup)
                ?? (failedDeploy is null ? null : StageTargets.Cluster(failedDeploy)),
            Account: family.Select(s => s.Account).FirstOrDefault(a => a is not null) ?? failedDeploy?.Account,
            Region: family.SelectMany(s => s.Regions).FirstOrDefault() ?? failedDeploy?.Regions.FirstOrDefault(),
            Namespace: family.Select(s => s.Namespace).FirstOrDefault(n => n is not null) ?? failedDeploy?.Namespace,
            FromVersion: rollback.RolledBackServerGroup
                ?? (rollback.ManifestName is not null ? DeployedBefore(stage, stages, trigger) : null),
            ToVersion: rollback.RestoredServerGroup
                ?? rollback.ImageId
                ?? (rollback.Revision is { } revision ? $"revision {revision}" : null)
                ?? stage.Artifacts?.FirstOrDefault(a => a.Type == "spinnaker/server-group")?.Name);
        return target.WithParameters(trigger);
    }

    /// <summary>
    /// A rollback pipeline's target: its first rollback stage's, else what its deploy stages deployed (a rollback
    /// pipeline that redeploys the known-good version), then the trigger's parameters, then, for the version rolled
    /// back, what the parent pipeline deployed.
    /// </summary>
    public static RecognizedTarget OfExecution(StageInfo? rollbackStage, IReadOnlyList<StageInfo> stages, TriggerInfo? trigger)
    {
        if (rollbackStage is not null) return OfStage(rollbackStage, stages, null, trigger);
        var deploy = stages.FirstOrDefault(s => IsDeploy(s) && !ExecutionStatuses.NeverRan(s.Status));
        var target = deploy is null
            ? new RecognizedTarget(null, null, null, null, null, null)
            : new RecognizedTarget(StageTargets.Cluster(deploy), deploy.Account, StageTargets.Region(deploy), deploy.Namespace, null,
                StageTargets.ImageVersion(deploy.Artifacts) ?? deploy.ServerGroup);
        target = target.WithParameters(trigger);
        return target with { FromVersion = target.FromVersion ?? StageTargets.ImageVersion(trigger?.ParentExecution?.Deployed) };
    }

    private RecognizedTarget WithParameters(TriggerInfo? trigger) => new(
        Cluster ?? TriggerParameters.First(trigger, TriggerParameters.Cluster),
        Account ?? TriggerParameters.First(trigger, TriggerParameters.Account),
        Region ?? TriggerParameters.First(trigger, TriggerParameters.Region),
        Namespace ?? TriggerParameters.First(trigger, TriggerParameters.Namespace),
        FromVersion ?? TriggerParameters.First(trigger, TriggerParameters.FromVersion),
        ToVersion ?? TriggerParameters.First(trigger, TriggerParameters.ToVersion));

    public static bool IsDeploy(StageInfo stage) =>
        stage.Type is { } type && !RollbackKinds.IsRollbackStage(type)
        && (type.StartsWith("deploy", StringComparison.OrdinalIgnoreCase) || type is "createServerGroup" or "cloneServerGroup");

    /// <summary>The image an earlier deploy stage of the execution deployed, else the one the parent pipeline deployed.</summary>
    private static string? DeployedBefore(StageInfo stage, IReadOnlyList<StageInfo> stages, TriggerInfo? trigger) =>
        stages.Where(s => IsDeploy(s) && s.StartTime is not null && (stage.StartTime is null || s.StartTime < stage.StartTime))
            .OrderByDescending(s => s.StartTime)
            .Select(s => StageTargets.ImageVersion(s.Artifacts))
            .FirstOrDefault(v => v is not null)
        ?? StageTargets.ImageVersion(trigger?.ParentExecution?.Deployed);

    private static IEnumerable<StageInfo> Descendants(StageInfo stage, IReadOnlyList<StageInfo> stages)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { stage.Id };
        // Children are listed after their parents in Orca's snapshot, but a merged snapshot need not keep that order.
        for (var added = true; added;)
        {
            added = false;
            foreach (var s in stages)
                if (s.ParentStageId is { } parent && ids.Contains(parent) && ids.Add(s.Id)) added = true;
        }
        return stages.Where(s => s.Id != stage.Id && ids.Contains(s.Id));
    }

    private static RollbackInfo Merge(IEnumerable<RollbackInfo?> infos)
    {
        var merged = new RollbackInfo(null, null, null, null, null, null, null);
        foreach (var r in infos.OfType<RollbackInfo>())
            merged = new RollbackInfo(
                merged.RollbackType ?? r.RollbackType,
                merged.RolledBackServerGroup ?? r.RolledBackServerGroup,
                merged.RestoredServerGroup ?? r.RestoredServerGroup,
                merged.ManifestName ?? r.ManifestName,
                merged.RevisionsBack ?? r.RevisionsBack,
                merged.Revision ?? r.Revision,
                merged.ImageId ?? r.ImageId);
        return merged;
    }
}
