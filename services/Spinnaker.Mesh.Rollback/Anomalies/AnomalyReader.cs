using System.Globalization;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Rollbacks;

namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>
/// Turns what other services report into anomalies: failed and marginal canary judgments, degraded deployments,
/// duration regressions (about a pipeline, so application-wide), and the failed stages ingest's execution events show
/// (rollback stages and their children excluded: a rollback that fails is the rollback's own status).
/// </summary>
internal static class AnomalyReader
{
    public static Anomaly? Read(CanaryJudged judged)
    {
        var kind = judged.Classification switch
        {
            "Fail" => AnomalyKinds.CanaryFail,
            "Marginal" => AnomalyKinds.CanaryMarginal,
            _ => null,
        };
        if (kind is null) return null;
        var config = judged.ConfigName ?? judged.ConfigId;
        var summary = $"canary score {Number(judged.Score)} ({judged.Classification}) for {judged.Service ?? judged.Application}"
            + (config is null ? "" : $", config {config}")
            + (judged.FailingMetrics.Count == 0 ? "" : $": {string.Join(", ", judged.FailingMetrics.Select(m => $"{m.Name} {m.Classification}"))}");
        return new Anomaly(judged.EventId, judged.Tenant, judged.Application, judged.Service, kind, judged.JudgedAt, summary,
            judged.PipelineExecutionId, judged.JudgmentId);
    }

    public static Anomaly Read(DeploymentDegraded degraded)
    {
        var target = degraded.Cluster ?? degraded.Application;
        var summary = $"deployment of {degraded.Version ?? "an unknown version"} to {target} degraded"
            + (degraded.Score is { } score ? $" (score {Number(score)})" : "")
            + (degraded.DegradedSlis.Count == 0 ? "" : $": {string.Join(", ", degraded.DegradedSlis.Select(s => $"{s.Name} {s.Classification}"))}");
        return new Anomaly(degraded.EventId, degraded.Tenant, degraded.Application, degraded.Cluster, AnomalyKinds.DeploymentDegraded,
            degraded.AssessedAt, summary, degraded.ExecutionId, degraded.StageId);
    }

    public static Anomaly Read(ExecutionDurationRegressed regressed)
    {
        var what = regressed.StageName is { } stage ? $"stage '{stage}' of pipeline '{regressed.PipelineName}'" : $"pipeline '{regressed.PipelineName}'";
        var summary = $"{what} runs {regressed.Ratio.ToString("0.0", CultureInfo.InvariantCulture)}× slower " +
                      $"(median {Seconds(regressed.RecentMedianMs)} vs {Seconds(regressed.BaselineMedianMs)})";
        return new Anomaly(regressed.EventId, regressed.Tenant, regressed.Application, null, AnomalyKinds.DurationRegression,
            regressed.DetectedAt, summary, regressed.DetectedByExecutionId, regressed.EventId.ToString());
    }

    /// <summary>
    /// The stages of an execution event's snapshot that failed by themselves (<c>TERMINAL</c>, <c>FAILED_CONTINUE</c>,
    /// <c>STOPPED</c>), each at the moment it failed: its first failed task's end. A server-group deploy that Orca answers
    /// with its on-failure rollback still shows <c>RUNNING</c> (with its task <c>TERMINAL</c>) until that rollback ended:
    /// it counts as failed from its task's failure. One anomaly per stage, whichever event showed it first (its own end,
    /// a later stage's snapshot, the pipeline's end), so the id is the stage's, not the message's.
    /// </summary>
    public static IReadOnlyList<Anomaly> FailedStages(IExecutionEvent e)
    {
        var stages = RollbackRecognizer.Snapshot(e);
        var execution = e.Execution;
        var failed = new List<Anomaly>();
        foreach (var stage in stages)
        {
            var failedTask = stage.Tasks.Where(t => ExecutionStatuses.IsFailure(t.Status)).MinBy(t => t.EndTime ?? DateTimeOffset.MaxValue);
            var status = ExecutionStatuses.IsFailure(stage.Status) ? stage.Status
                : !ExecutionStatuses.IsComplete(stage.Status) && failedTask?.Status == "TERMINAL" ? failedTask.Status
                : null;
            if (status is null || RollbackKinds.IsRollbackStage(stage.Type) || WithinRollback(stage, stages)) continue;
            var summary = $"stage '{stage.Name ?? stage.Type ?? stage.Id}'" + (stage.Type is { } type && type != stage.Name ? $" ({type})" : "")
                + $" {status}" + (stage.Errors.Count == 0 ? "" : $": {string.Join("; ", stage.Errors)}");
            failed.Add(new Anomaly(
                DeterministicId.FromParts(FailedStageIds, execution.Tenant, execution.ExecutionId, stage.Id), execution.Tenant, execution.Application,
                StageTargets.Cluster(stage), AnomalyKinds.StageFailed, failedTask?.EndTime ?? stage.EndTime ?? e.OccurredAt, summary,
                execution.ExecutionId, stage.Id));
        }
        return failed;
    }

    private static readonly Guid FailedStageIds = new("e4b7a9c1-3f62-4d08-b5e1-7a2c9d0f6e83");

    /// <summary>Whether a rollback stage is among the stage's ancestors (the enable and disable steps of a server-group rollback).</summary>
    public static bool WithinRollback(StageInfo stage, IReadOnlyList<StageInfo> stages)
    {
        var parentId = stage.ParentStageId;
        for (var depth = 0; parentId is not null && depth <= stages.Count; depth++)
        {
            var parent = stages.FirstOrDefault(s => s.Id == parentId);
            if (parent is null) return false;
            if (RollbackKinds.IsRollbackStage(parent.Type)) return true;
            parentId = parent.ParentStageId;
        }
        return false;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Seconds(double ms) => $"{(ms / 1000).ToString("0.#", CultureInfo.InvariantCulture)} s";
}
