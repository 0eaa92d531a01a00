using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Tests.Execution.Support;

/// <summary>Completions of rollback executions as ingest publishes them (PipelineCompleted), started by Mesh through Gate or not.</summary>
internal static class RollbackRuns
{
    public static readonly DateTimeOffset StartedAt = new(2026, 3, 2, 10, 0, 30, TimeSpan.Zero);

    public static StageInfo Stage(string id, string type, string name, string status, params string[] errors) =>
        new(id, id, type, name, status, StartedAt, StartedAt.AddMinutes(3), [], null, null, "kubernetes", "prod-us", ["us-east-1"],
            "checkout-main", null, errors, [], null, null);

    /// <param name="decisionId">The <c>meshDecisionId</c> the trigger carries (Mesh puts it into the parameters), or none.</param>
    public static PipelineCompleted Completed(string tenant, string executionId, string status, string? decisionId, params StageInfo[] stages)
    {
        var parameters = new Dictionary<string, string> { ["cluster"] = "checkout-main" };
        if (decisionId is not null) parameters["meshDecisionId"] = decisionId;
        var trigger = new TriggerInfo("manual", "spinnaker-mesh", null, null, null, null, null, Parameters: parameters);
        var end = StartedAt.AddMinutes(4);
        var execution = new ExecutionInfo(tenant, DecisionSeed.RollbackApplication, executionId, "PIPELINE", DecisionSeed.DefaultPipeline, "cfg-rollback",
            status, StartedAt, end, trigger, null, status == "CANCELED", null, null);
        return new PipelineCompleted(Guid.NewGuid(), end, execution, stages);
    }
}
