using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Keeps <c>canary_score.deployment_impacts</c> in step with the deployment-impact streams. Inline: the row commits
/// with the event, so the worker finds a scheduled assessment as soon as it was recorded, and a rebuild (which
/// empties the table first) derives every row, due times included, from the events alone.
/// </summary>
internal sealed class DeploymentImpactProjection : IProjection
{
    public const string Name = "deployment-impacts";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case DeploymentImpactScheduled scheduled:
                    DeploymentImpactTable.QueueScheduled(operations, e.TenantId, scheduled);
                    break;
                case DeploymentImpactExtended extended:
                    DeploymentImpactTable.QueueExtended(operations, e.TenantId, extended);
                    break;
                case DeploymentImpactRetryScheduled retry:
                    DeploymentImpactTable.QueueRetry(operations, e.TenantId,
                        DeploymentImpactStreams.ExecutionId(e.StreamKey ?? throw new InvalidOperationException("Deployment-impact streams are keyed by execution id.")), retry);
                    break;
                case DeploymentImpactAssessed assessed:
                    DeploymentImpactTable.QueueAssessed(operations, e.TenantId, assessed);
                    break;
            }
        }
        return Task.CompletedTask;
    }
}
