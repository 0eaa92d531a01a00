using Marten;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Schedules the assessment of a production deployment when an execution event shows one
/// (<see cref="ProductionDeploys"/>, for an application with an impact policy): <see cref="DeploymentImpactScheduled"/>
/// in the deployment's stream, once. While it is pending, a later snapshot of the same execution that shows more
/// production deploy stages, or a later end, extends it (<see cref="DeploymentImpactExtended"/>): the after window
/// must follow the last production deploy of the execution, not the first. Once assessed, nothing changes.
/// </summary>
/// <remarks>
/// Writers of one execution go one after another: an advisory lock on the execution, then the row's lock, which the
/// worker holds while it assesses, so an extension never lands beside an assessment in progress.
/// </remarks>
internal sealed class ImpactScheduler(
    IDocumentStore store, IImpactPolicies policies, IOptions<ImpactAssessmentOptions> options, TimeProvider clock, ImpactMetrics metrics,
    ILogger<ImpactScheduler> log)
{
    /// <summary>First key of the deployment-impact locks ("DIMP"), apart from every other advisory lock in the database.</summary>
    public const int Locks = 0x44494D50;

    private const string LockRowSql = "SELECT verdict FROM canary_score.deployment_impacts WHERE tenant = ? AND execution_id = ? FOR UPDATE";

    public async Task ObserveAsync(IExecutionEvent e, CancellationToken ct)
    {
        var deploys = ProductionDeploys.SucceededDeploys(e);
        if (deploys.Count == 0) return;
        var execution = e.Execution;
        var policy = await policies.FindAsync(execution.Tenant, execution.Application, ct);
        if (policy is null) return;
        if (ProductionDeploys.Find(execution, deploys, policy) is not { } deployment) return;
        await RecordAsync(execution.Tenant, deployment, policy, ct);
    }

    private async Task RecordAsync(string tenant, ImpactDeployment deployment, ImpactPolicy policy, CancellationToken ct)
    {
        var streamId = DeploymentImpactStreams.StreamId(deployment.ExecutionId);
        await using var session = store.LightweightSession(tenant);
        await session.BeginTransactionAsync(ct);
        await CanaryLocks.TakeAsync(session, Locks, tenant, [deployment.ExecutionId], ct);
        await session.AdvancedSql.QueryAsync<string>(LockRowSql, ct, tenant, deployment.ExecutionId);
        var stored = await session.Events.FetchStreamAsync(streamId, token: ct);
        var state = ImpactState.From(tenant, stored.Select(s => s.Data));

        PendingEvent next;
        if (state is null)
        {
            var windows = ImpactWindows.For(deployment, policy);
            next = new PendingEvent(tenant, streamId, DeploymentImpactStreams.ScheduledId(tenant, deployment.ExecutionId),
                new DeploymentImpactScheduled(deployment, policy, windows, Due(windows), clock.GetUtcNow()));
        }
        else if (state.IsPending && state.Deployment.IsWidenedBy(deployment))
        {
            var merged = state.Deployment.Merge(deployment);
            var windows = ImpactWindows.For(merged, state.Policy);
            next = new PendingEvent(tenant, streamId, DeploymentImpactStreams.ExtendedId(tenant, merged),
                new DeploymentImpactExtended(merged, windows, Due(windows)));
        }
        else
        {
            if (!state.IsPending && state.Deployment.IsWidenedBy(deployment))
                log.LogInformation("Deployment {ExecutionId} of {Application} (tenant {Tenant}) was assessed already; its later production deploy stages are not",
                    deployment.ExecutionId, deployment.Application, tenant);
            return;
        }

        var appended = await session.AppendNewAsync([next], ct);
        if (appended.Count == 0) return;
        await session.SaveChangesAsync(ct);
        metrics.Scheduled();
        var (kind, due) = next.Data switch
        {
            DeploymentImpactScheduled s => ("scheduled", s.DueAt),
            DeploymentImpactExtended x => ("extended", x.DueAt),
            _ => ("recorded", default),
        };
        log.LogInformation("Impact of production deploy {ExecutionId} of {Application} (tenant {Tenant}) {Kind}: due at {DueAt:O}",
            deployment.ExecutionId, deployment.Application, tenant, kind, due);
    }

    private DateTimeOffset Due(ImpactWindows windows) => windows.After.End + options.Value.QueryDelay;
}
