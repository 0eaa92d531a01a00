using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.CanaryScore.Consumers;

/// <summary>
/// The samples an execution event stands for: a completed execution's duration and count, and every completed
/// stage's duration, deployment or rollback. Sample ids come from execution and stage ids, so an event redelivered,
/// or a stage seen both in its own event and in the completed pipeline's snapshot, is one sample.
/// </summary>
internal sealed class ExecutionSeriesSamples(AccountEnvironments environments)
{
    /// <summary>Stages that deploy one cluster to one account. A <c>deploy</c> stage does not count itself: it deploys through one synthetic createServerGroup per cluster.</summary>
    public static readonly IReadOnlySet<string> DeploymentTypes = new HashSet<string>(StringComparer.Ordinal)
        { "createServerGroup", "cloneServerGroup", "deployManifest" };

    /// <summary>Rollback stages, whether a pipeline runs them or a failed deploy adds them as synthetic stages.</summary>
    public static readonly IReadOnlySet<string> RollbackTypes = new HashSet<string>(StringComparer.Ordinal)
        { "rollbackServerGroup", "rollbackCluster", "undoRolloutManifest" };

    private static readonly HashSet<string> UnfinishedStatuses = new(StringComparer.Ordinal)
        { "NOT_STARTED", "RUNNING", "PAUSED", "SUSPENDED", "BUFFERED" };

    public IEnumerable<SeriesSample> From(IExecutionEvent e) => e switch
    {
        PipelineCompleted or OrchestrationCompleted => FromCompletedExecution(e),
        StageCompleted stage => FromStage(e.Execution, stage.Stage),
        _ => [],
    };

    private IEnumerable<SeriesSample> FromCompletedExecution(IExecutionEvent e)
    {
        var execution = e.Execution;
        var stages = e.Stages ?? [];
        var labels = new Dictionary<string, string>
        {
            ["application"] = execution.Application,
            ["pipeline"] = PipelineLabel(e, stages),
            ["status"] = execution.Status,
        };
        var sampleId = $"execution:{execution.ExecutionId}";
        var end = execution.EndTime ?? e.OccurredAt;
        if (execution.StartTime is { } start && execution.EndTime is { } finished)
            yield return new SeriesSample(SeriesCatalog.PipelineDuration.Name, labels, finished, Seconds(start, finished), sampleId);
        yield return new SeriesSample(SeriesCatalog.PipelineExecutions.Name, labels, end, 1, sampleId);
        // The final snapshot has every stage: stages whose own event Echo failed to deliver are counted too.
        foreach (var stage in stages)
        foreach (var sample in FromStage(execution, stage))
            yield return sample;
    }

    private IEnumerable<SeriesSample> FromStage(ExecutionInfo execution, StageInfo stage)
    {
        if (stage.EndTime is not { } end || UnfinishedStatuses.Contains(stage.Status)) yield break;
        var sampleId = $"stage:{execution.ExecutionId}:{stage.Id}";
        var type = string.IsNullOrEmpty(stage.Type) ? "unknown" : stage.Type;
        if (stage.StartTime is { } start)
            yield return new SeriesSample(SeriesCatalog.StageDuration.Name,
                new Dictionary<string, string> { ["application"] = execution.Application, ["stage_type"] = type, ["status"] = stage.Status },
                end, Seconds(start, end), sampleId);
        if (stage.Status != "SUCCEEDED") yield break;
        var metric = DeploymentTypes.Contains(type) ? SeriesCatalog.Deployments.Name
            : RollbackTypes.Contains(type) ? SeriesCatalog.Rollbacks.Name
            : null;
        if (metric is not null)
            yield return new SeriesSample(metric,
                new Dictionary<string, string> { ["application"] = execution.Application, ["environment"] = EnvironmentOf(stage.Account) },
                end, 1, sampleId);
    }

    /// <summary>
    /// A pipeline's name. An orchestration's description is free text ("Resize server group checkout-v023 to 3") and
    /// would make a series per run: it is labelled <c>orchestration:&lt;type of its first stage&gt;</c> instead.
    /// </summary>
    private static string PipelineLabel(IExecutionEvent e, IReadOnlyList<StageInfo> stages)
    {
        var execution = e.Execution;
        if (e is OrchestrationCompleted || execution.ExecutionType == "ORCHESTRATION")
            return stages.FirstOrDefault(s => s.ParentStageId is null)?.Type is { Length: > 0 } type ? $"orchestration:{type}" : "orchestration";
        return execution.PipelineName is { Length: > 0 } name ? name : execution.PipelineConfigId ?? "unknown";
    }

    private static double Seconds(DateTimeOffset start, DateTimeOffset end) => (end - start).TotalMilliseconds / 1000.0;

    /// <summary>The environment label of a stage's account: the configured one, else the account itself, else <c>unknown</c>.</summary>
    private string EnvironmentOf(string? account) =>
        string.IsNullOrWhiteSpace(account) ? "unknown" : environments.Of(account) ?? account;
}
