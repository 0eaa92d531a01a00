using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Anomalies;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// Reads the rollbacks one execution event shows, from the execution and every stage of its snapshot. Pure: the same
/// event and rules always give the same observations (ids included).
/// <list type="number">
/// <item>An execution whose trigger carries <c>parameters.meshDecisionId</c> is one rollback Mesh triggered.</item>
/// <item>Otherwise each rollback stage that ran (<c>rollbackServerGroup</c>, <c>rollbackCluster</c>,
/// <c>undoRolloutManifest</c>; not the rollback stages Orca planned inside another one) is a rollback of its own; a
/// synthetic <c>rollbackCluster</c> is Orca's rollback of the failed deploy it hangs under.</item>
/// <item>A rollback pipeline (<see cref="RecognitionRules"/>) without rollback stages is one rollback, and so is one
/// that ended before any of its rollback stages ran.</item>
/// </list>
/// </summary>
internal static class RollbackRecognizer
{
    public const string DecisionParameter = "meshDecisionId";

    private static readonly Guid ObservationIds = new("5b0e8c2d-7a41-4f36-9d58-1c2e3f4a6b71");

    public static IReadOnlyList<RollbackRecognized> Recognize(IExecutionEvent e, RecognitionRules rules)
    {
        var stages = Snapshot(e);
        var execution = e.Execution;
        var ended = e is PipelineCompleted or OrchestrationCompleted && ExecutionStatuses.IsComplete(execution.Status);
        var rollbackStages = stages.Where(s => RollbackKinds.IsRollbackStage(s.Type) && !AnomalyReader.WithinRollback(s, stages)).ToList();
        var ran = rollbackStages.Where(s => !ExecutionStatuses.NeverRan(s.Status))
            .OrderBy(s => s.StartTime ?? DateTimeOffset.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        var pipeline = rules.MatchPipeline(execution);
        var application = pipeline?.Application ?? execution.Application;

        if (TriggerParameters.First(execution.Trigger, DecisionParameter) is { } decisionId)
            return [OfExecution(e, stages, ran.FirstOrDefault(), RollbackKinds.MeshTriggered, application, decisionId, ended)];
        if (pipeline is not null && (rollbackStages.Count == 0 || (ran.Count == 0 && ended)))
            return [OfExecution(e, stages, null, RollbackKinds.RollbackPipeline, application, null, ended)];
        return [.. ran.Select(s => OfStage(e, stages, s, application, ended))];
    }

    /// <summary>The event's stages: a stage event's own stage (its status completed from the event type) first.</summary>
    public static IReadOnlyList<StageInfo> Snapshot(IExecutionEvent e) => e switch
    {
        StageCompleted c => [c.Stage, .. (c.Stages ?? []).Where(s => s.Id != c.Stage.Id)],
        StageStarted s => [s.Stage, .. (s.Stages ?? []).Where(x => x.Id != s.Stage.Id)],
        _ => e.Stages ?? [],
    };

    public static string RollbackIdOf(string executionId, string? stageId) => stageId is null ? executionId : $"{executionId}:{stageId}";

    private static RollbackRecognized OfStage(IExecutionEvent e, IReadOnlyList<StageInfo> stages, StageInfo stage, string application, bool ended)
    {
        var execution = e.Execution;
        var kind = stage.Type == RollbackKinds.RollbackCluster && stage.ParentStageId is not null ? RollbackKinds.DeployFailureRollback : stage.Type!;
        var failedDeploy = kind == RollbackKinds.DeployFailureRollback ? stages.FirstOrDefault(s => s.Id == stage.ParentStageId) : null;
        // A stage the final snapshot still shows running (Orca serializes asynchronously) ended with its execution.
        var status = !ExecutionStatuses.IsComplete(stage.Status) && ended ? execution.Status : stage.Status;
        var final = ExecutionStatuses.IsComplete(status);
        var (automatic, by) = RollbackOrigins.Who(execution.Trigger, kind, null);
        var reason = kind == RollbackKinds.DeployFailureRollback
            ? RollbackOrigins.DeployFailure(failedDeploy, stages)
            : RollbackOrigins.Why(execution, stages, stage);
        return Observation(e, stage.Id, kind, application, RecognizedTarget.OfStage(stage, stages, failedDeploy, execution.Trigger),
            automatic, by, reason, status, final, stage.StartTime, final ? stage.EndTime ?? execution.EndTime : null, null);
    }

    private static RollbackRecognized OfExecution(IExecutionEvent e, IReadOnlyList<StageInfo> stages, StageInfo? rollbackStage, string kind,
        string application, string? decisionId, bool ended)
    {
        var execution = e.Execution;
        var (automatic, by) = RollbackOrigins.Who(execution.Trigger, kind, decisionId);
        var reason = decisionId is not null
            ? TriggerParameters.First(execution.Trigger, TriggerParameters.Reason)
            : RollbackOrigins.Why(execution, stages, null);
        return Observation(e, null, kind, application, RecognizedTarget.OfExecution(rollbackStage, stages, execution.Trigger),
            automatic, by, reason, execution.Status, ended, execution.StartTime, ended ? execution.EndTime : null, decisionId);
    }

    private static RollbackRecognized Observation(IExecutionEvent e, string? stageId, string kind, string application, RecognizedTarget target,
        bool automatic, string? by, string? reason, string status, bool final, DateTimeOffset? startedAt, DateTimeOffset? endedAt, string? decisionId)
    {
        var execution = e.Execution;
        var rollbackId = RollbackIdOf(execution.ExecutionId, stageId);
        return new RollbackRecognized(
            EventId: DeterministicId.FromParts(ObservationIds, execution.Tenant, rollbackId, e.EventId.ToString("N")),
            SourceEventId: e.EventId,
            RollbackId: rollbackId,
            Application: application,
            ExecutionId: execution.ExecutionId,
            PipelineName: execution.PipelineName,
            Kind: kind,
            StageId: stageId,
            Cluster: target.Cluster,
            Account: target.Account,
            Region: target.Region,
            Namespace: target.Namespace,
            Automatic: automatic,
            TriggeredBy: by,
            Reason: reason,
            FromVersion: target.FromVersion,
            ToVersion: target.ToVersion,
            Status: status,
            Final: final,
            StartedAt: startedAt,
            EndedAt: endedAt,
            DecisionId: decisionId,
            ObservedAt: e.OccurredAt);
    }
}
