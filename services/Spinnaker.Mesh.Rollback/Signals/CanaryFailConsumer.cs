using System.Globalization;
using MassTransit;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>
/// <c>canaryFail</c>: a canary judged <c>Fail</c> blames its pipeline execution's deployment of the service under
/// test, else the latest deployment of that cluster (<see cref="Blame.ForCanary"/>). Passing and marginal canaries
/// are acknowledged and ignored.
/// </summary>
internal sealed class CanaryFailConsumer(DeploymentHistory history, RollbackProposer proposer) : IConsumer<CanaryJudged>
{
    public const string Queue = "rollback-canary-fail-signals";

    public async Task Consume(ConsumeContext<CanaryJudged> context)
    {
        var judgment = context.Message;
        if (!string.Equals(judgment.Classification, "Fail", StringComparison.OrdinalIgnoreCase)) return;
        var ct = context.CancellationToken;
        IReadOnlyList<Deployment> ofExecution = judgment.PipelineExecutionId is { Length: > 0 } execution
            ? await history.OfExecutionAsync(judgment.Tenant, execution, ct) : [];
        IReadOnlyList<Deployment> ofCluster = judgment.Service is { Length: > 0 } service
            ? await history.OfClusterAsync(judgment.Tenant, judgment.Application, service, ct) : [];
        var signal = new RollbackSignal(judgment.Tenant, judgment.Application, RollbackTriggers.CanaryFail, judgment.JudgmentId, Summary(judgment),
            Blame.ForCanary(judgment, ofExecution, ofCluster), judgment.Service);
        await SignalDecisions.DecideAsync(context, proposer, signal);
    }

    private static string Summary(CanaryJudged j)
    {
        var config = j.ConfigName ?? j.ConfigId;
        var text = string.Create(CultureInfo.InvariantCulture, $"canary {j.JudgmentId} scored {j.Score:0.##} (Fail) for {j.Service ?? j.Application}");
        if (config is not null) text += $", config {config}";
        if (j.FailingMetrics.Count > 0) text += $", failing {string.Join(", ", j.FailingMetrics.Select(m => m.Name))}";
        return text;
    }
}

internal sealed class CanaryFailDefinition : ConsumerDefinition<CanaryFailConsumer>
{
    public CanaryFailDefinition()
    {
        EndpointName = CanaryFailConsumer.Queue;
        ConcurrentMessageLimit = 4;
    }
}
