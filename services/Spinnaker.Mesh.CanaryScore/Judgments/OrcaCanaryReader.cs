using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// Finds the finished canary runs in a normalized execution event's snapshot: each <c>runCanary</c> stage with a score
/// (or a failure), with what its <c>kayentaCanary</c> parent says (config, thresholds, scopes), found through the
/// <c>ParentStageId</c> chain runCanary → runCanaryIntervals → kayentaCanary. A parent whose <c>canaryScores</c> name an
/// interval no <c>runCanary</c> stage of the snapshot shows gives that interval from the score alone.
/// </summary>
internal static class OrcaCanaryReader
{
    public const string CanaryStage = "kayentaCanary";
    public const string IntervalStage = "runCanary";

    private static readonly HashSet<string> FailedStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        "TERMINAL", "FAILED_CONTINUE", "CANCELED", "STOPPED",
    };

    public static IReadOnlyList<OrcaCanaryRunRecorded> Read(IExecutionEvent e, AccountEnvironments environments)
    {
        var stages = StagesOf(e);
        if (!stages.Any(s => s.Canary is not null)) return [];
        var byId = stages.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var runs = new List<OrcaCanaryRunRecorded>();
        var seenIntervals = new HashSet<(string CanaryStageId, int Interval)>();

        var intervals = stages.Where(s => s.Type == IntervalStage && s.Canary is not null)
            .GroupBy(s => CanaryParent(s, byId)?.Id ?? s.ParentStageId ?? "");
        foreach (var siblings in intervals)
        {
            var ordered = siblings.OrderBy(s => s.Canary!.Interval ?? int.MaxValue).ThenBy(s => s.StartTime).ThenBy(s => s.RefId, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var stage = ordered[i];
                var parent = CanaryParent(stage, byId);
                var number = stage.Canary!.Interval ?? i + 1;
                if (FromInterval(e, stage, parent, number, stages, environments) is not { } run) continue;
                runs.Add(run);
                if (parent is not null) seenIntervals.Add((parent.Id, number));
            }
        }

        foreach (var parent in stages.Where(s => s.Type == CanaryStage && s.Canary is { Scores.Count: > 0 }))
            for (var i = 0; i < parent.Canary!.Scores.Count; i++)
                if (seenIntervals.Add((parent.Id, i + 1)))
                    runs.Add(FromParentScore(e, parent, i + 1, parent.Canary.Scores[i], stages, environments));
        return runs;
    }

    /// <summary>The event's own stage (completed from the event type) over its snapshot's copy, then the rest.</summary>
    private static IReadOnlyList<StageInfo> StagesOf(IExecutionEvent e)
    {
        var own = e switch
        {
            StageCompleted c => c.Stage,
            StageStarted s => s.Stage,
            _ => null,
        };
        var all = new List<StageInfo>();
        if (own is not null) all.Add(own);
        all.AddRange((e.Stages ?? []).Where(s => own is null || s.Id != own.Id));
        return [.. all.DistinctBy(s => s.Id)];
    }

    private static StageInfo? CanaryParent(StageInfo stage, Dictionary<string, StageInfo> byId)
    {
        var current = stage;
        // runCanary → runCanaryIntervals → kayentaCanary; a few more levels in case Orca nests deeper one day.
        for (var depth = 0; depth < 5 && current.ParentStageId is { } parentId && byId.TryGetValue(parentId, out var parent); depth++)
        {
            if (parent.Type == CanaryStage) return parent;
            current = parent;
        }
        return null;
    }

    private static OrcaCanaryRunRecorded? FromInterval(
        IExecutionEvent e, StageInfo stage, StageInfo? parent, int interval, IReadOnlyList<StageInfo> stages, AccountEnvironments environments)
    {
        var canary = stage.Canary!;
        string status;
        if (canary.Score is not null) status = "succeeded";
        else if (FailedStatuses.Contains(stage.Status) || FailedStatuses.Contains(canary.KayentaStatus ?? ""))
            status = (FailedStatuses.Contains(canary.KayentaStatus ?? "") ? canary.KayentaStatus! : stage.Status).ToLowerInvariant();
        else return null; // still running: a later snapshot will show how it ended

        var canaryStageId = parent?.Id ?? stage.ParentStageId;
        var judgmentId = canary.KayentaExecutionId is { Length: > 0 } kayentaId
            ? kayentaId
            : CanaryRunStreams.DerivedJudgmentId(e.Execution.ExecutionId, canaryStageId ?? stage.Id, interval);
        var scope = DefaultScope(canary.Scopes) ?? DefaultScope(parent?.Canary?.Scopes);
        var service = CanaryService.FromScope(scope?.ExperimentScope);
        var account = DeployAccount(service, stages);
        var error = status == "succeeded" ? null
            : stage.Errors.Count > 0 ? string.Join("; ", stage.Errors)
            : parent?.Canary?.ScoreMessage ?? $"runCanary stage {stage.Status}";
        return new OrcaCanaryRunRecorded(
            judgmentId, e.Execution.Application, e.Execution.ExecutionId, canaryStageId, stage.Id, interval,
            canary.KayentaExecutionId, status, canary.Score is { } score ? OrcaScore(score) : null,
            canary.ConfigId ?? parent?.Canary?.ConfigId, canary.ConfigName ?? parent?.Canary?.ConfigName,
            canary.PassThreshold ?? parent?.Canary?.PassThreshold, canary.MarginalThreshold ?? parent?.Canary?.MarginalThreshold,
            scope?.ControlScope, scope?.ExperimentScope, scope?.ExperimentLocation, service, account, environments.Of(account),
            canary.ScoredAt ?? stage.EndTime ?? e.OccurredAt, error, canary.Warnings);
    }

    private static OrcaCanaryRunRecorded FromParentScore(
        IExecutionEvent e, StageInfo parent, int interval, double score, IReadOnlyList<StageInfo> stages, AccountEnvironments environments)
    {
        var canary = parent.Canary!;
        var scope = DefaultScope(canary.Scopes);
        var service = CanaryService.FromScope(scope?.ExperimentScope);
        var account = DeployAccount(service, stages);
        return new OrcaCanaryRunRecorded(
            CanaryRunStreams.DerivedJudgmentId(e.Execution.ExecutionId, parent.Id, interval), e.Execution.Application,
            e.Execution.ExecutionId, parent.Id, null, interval, null, "succeeded", OrcaScore(score), canary.ConfigId, canary.ConfigName,
            canary.PassThreshold, canary.MarginalThreshold, scope?.ControlScope, scope?.ExperimentScope, scope?.ExperimentLocation,
            service, account, environments.Of(account), canary.ScoredAt ?? parent.EndTime ?? e.OccurredAt, null, canary.Warnings);
    }

    /// <summary>Orca reads Kayenta's score into an Int (<c>JudgeScore(score: Int)</c>): 74.99 is 74.</summary>
    public static double OrcaScore(double score) => Math.Truncate(score);

    private static CanaryScopeInfo? DefaultScope(IReadOnlyList<CanaryScopeInfo>? scopes) =>
        scopes?.FirstOrDefault(s => s.ScopeName == "default") ?? scopes?.FirstOrDefault();

    /// <summary>The account of the execution's deploy stage whose cluster (or server group) is the canary's service.</summary>
    private static string? DeployAccount(string? service, IReadOnlyList<StageInfo> stages)
    {
        if (service is null) return null;
        return stages
            .Where(s => s.Account is not null && IsDeploy(s.Type))
            .Where(s => string.Equals(CanaryService.FromScope(s.Cluster), service, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(CanaryService.FromScope(s.ServerGroup), service, StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.StartTime)
            .Select(s => s.Account)
            .FirstOrDefault();
    }

    private static bool IsDeploy(string? type) =>
        type is not null && (type.Contains("deploy", StringComparison.OrdinalIgnoreCase)
                             || type is "createServerGroup" or "cloneServerGroup");
}
