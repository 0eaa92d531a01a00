using System.Globalization;
using MassTransit;
using Spinnaker.Mesh.Contracts.ExecutionTree.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>
/// <c>durationRegression</c>: runs of a pipeline got significantly slower; the execution that revealed it blames what it
/// deployed (<see cref="Blame.ForExecution"/>).
/// </summary>
internal sealed class DurationRegressionConsumer(DeploymentHistory history, RollbackProposer proposer) : IConsumer<ExecutionDurationRegressed>
{
    public const string Queue = "rollback-duration-regression-signals";

    public async Task Consume(ConsumeContext<ExecutionDurationRegressed> context)
    {
        var regression = context.Message;
        var ofExecution = await history.OfExecutionAsync(regression.Tenant, regression.DetectedByExecutionId, context.CancellationToken);
        var blamed = Blame.ForExecution(ofExecution);
        var signal = new RollbackSignal(regression.Tenant, regression.Application, RollbackTriggers.DurationRegression, regression.EventId.ToString("D"),
            Summary(regression), blamed, blamed?.Target.Cluster);
        await SignalDecisions.DecideAsync(context, proposer, signal);
    }

    private static string Summary(ExecutionDurationRegressed r)
    {
        var what = r.StageName is null ? $"pipeline '{r.PipelineName}'" : $"stage '{r.StageName}' of pipeline '{r.PipelineName}'";
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} got slower: median {r.RecentMedianMs:0} ms against {r.BaselineMedianMs:0} ms (x{r.Ratio:0.00}, p {r.PValue:0.####}), detected by execution {r.DetectedByExecutionId}");
    }
}

internal sealed class DurationRegressionDefinition : ConsumerDefinition<DurationRegressionConsumer>
{
    public DurationRegressionDefinition()
    {
        EndpointName = DurationRegressionConsumer.Queue;
        ConcurrentMessageLimit = 4;
    }
}
