using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>
/// <c>pipelineFailedAfterDeploy</c>: a pipeline that ended <c>TERMINAL</c>, <c>CANCELED</c> or <c>STOPPED</c> blames
/// what it deployed (<see cref="Blame.ForExecution"/>). Its own snapshot is recorded into the deployment history first,
/// so the decision sees every deploy stage of it whichever queue got there first. A failed pipeline whose deploy
/// stages never reached their cluster, or that has none, is recorded as not actionable: nothing was deployed.
/// </summary>
internal sealed class FailedPipelineConsumer(DeploymentHistory history, RollbackProposer proposer) : IConsumer<PipelineCompleted>
{
    public const string Queue = "rollback-failed-pipeline-signals";

    public async Task Consume(ConsumeContext<PipelineCompleted> context)
    {
        var completed = context.Message;
        var execution = completed.Execution;
        if (!ExecutionStatuses.Failed(execution.Status)) return;
        var ct = context.CancellationToken;
        if (DeploymentObservation.From(completed) is { } observation) await history.RecordAsync(observation, ct);
        var ofExecution = await history.OfExecutionAsync(execution.Tenant, execution.ExecutionId, ct);
        var blamed = Blame.ForExecution(ofExecution);
        var signal = new RollbackSignal(execution.Tenant, execution.Application, RollbackTriggers.PipelineFailedAfterDeploy, execution.ExecutionId,
            Summary(completed), blamed, blamed?.Target.Cluster)
        {
            // Without a deploy stage there is no deployment to blame, but the execution is known: a rollback pipeline's
            // own failure is still recognized as one.
            Execution = DeploymentObservation.OutcomeOf(execution),
        };
        await SignalDecisions.DecideAsync(context, proposer, signal);
    }

    private static string Summary(PipelineCompleted completed)
    {
        var execution = completed.Execution;
        var text = $"pipeline '{execution.PipelineName ?? execution.PipelineConfigId}' execution {execution.ExecutionId} ended {execution.Status}";
        var failed = completed.Stages.FirstOrDefault(s => ExecutionStatuses.Failed(s.Status) && s.Errors.Count > 0);
        if (failed is not null) text += $" at stage '{failed.Name ?? failed.Type}': {failed.Errors[0]}";
        return text;
    }
}

internal sealed class FailedPipelineDefinition : ConsumerDefinition<FailedPipelineConsumer>
{
    public FailedPipelineDefinition()
    {
        EndpointName = FailedPipelineConsumer.Queue;
        ConcurrentMessageLimit = 4;
    }
}
