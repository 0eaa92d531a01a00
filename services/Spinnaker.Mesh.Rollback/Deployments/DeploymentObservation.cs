using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>What one execution event shows about deployments: the execution and each deploy stage's targets.</summary>
internal sealed record DeploymentObservation(string Tenant, ExecutionOutcome Execution, IReadOnlyList<StageDeployment> Stages)
{
    /// <summary>The key in <c>trigger.parameters</c> naming the Mesh decision that started an execution.</summary>
    public const string DecisionParameter = "meshDecisionId";

    /// <summary>
    /// The deploy stages of the event's snapshot (and, for a stage event, of its own stage), or null when it shows
    /// none: an execution without deploy stages is no deployment and is not recorded.
    /// </summary>
    public static DeploymentObservation? From(IExecutionEvent evt)
    {
        var stages = new List<StageInfo>();
        if (evt is StageCompleted { Stage: { } own }) stages.Add(own);
        stages.AddRange(evt.Stages ?? []);
        var application = evt.Execution.Application;
        var deployments = stages
            .DistinctBy(s => s.Id, StringComparer.Ordinal)
            .Where(DeployStages.IsDeploy)
            .SelectMany(stage => DeployStages.TargetsOf(application, stage).Select(target => new StageDeployment(
                evt.Execution.ExecutionId, stage.Id, target, stage.Type, stage.Status, DeployStages.ReachedTheCluster(stage),
                DeployStages.VersionOf(stage), stage.StartTime, stage.EndTime)))
            .ToList();
        return deployments.Count == 0 ? null : new DeploymentObservation(evt.Execution.Tenant, OutcomeOf(evt.Execution), deployments);
    }

    public static ExecutionOutcome OutcomeOf(ExecutionInfo execution) => new(
        execution.ExecutionId, execution.Application, execution.PipelineName, execution.PipelineConfigId, execution.Status,
        execution.StartTime, execution.EndTime,
        execution.Trigger?.Parameters is { } parameters && parameters.TryGetValue(DecisionParameter, out var decision) && decision.Length > 0 ? decision : null);

    /// <summary>The execution's deployments, one per target, as this event alone shows them.</summary>
    public IReadOnlyList<Deployment> Deployments() =>
        Deployment.Combine(Stages, new Dictionary<string, ExecutionOutcome> { [Execution.ExecutionId] = Execution });
}
