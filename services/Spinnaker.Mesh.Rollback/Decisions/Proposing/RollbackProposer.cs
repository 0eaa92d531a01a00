using Marten;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;
using Spinnaker.Mesh.Rollback.Signals;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// Turns a signal into a decision: matches it against the application's policy (no policy, a disabled one, or a
/// trigger it does not list: no decision at all), then, under the decision's and the cluster's locks, starts the
/// decision's stream with what <see cref="ProposalRules"/> decides and commits. Returns the contract events to publish
/// after the commit: the new ones, or, for a redelivered signal whose decision exists, the ones it first produced
/// (the first delivery may have died between commit and publish).
/// </summary>
internal sealed class RollbackProposer(IRollbackPolicies policies, IDocumentStore store, DeploymentHistory history, TimeProvider clock,
    ILogger<RollbackProposer> log)
{
    public async Task<IReadOnlyList<object>> DecideAsync(RollbackSignal signal, bool redelivered, CancellationToken ct)
    {
        if (await MatchingPolicyAsync(signal, ct) is not { } policy) return [];
        if (signal.BlamedExecution is { } execution && StartedByRollback(execution, policy) is { } why)
        {
            log.LogDebug("{Trigger} {SignalId} of {Application} makes no decision: {Why}", signal.Trigger, signal.SignalId, signal.Application, why);
            return [];
        }

        var decisionId = DecisionIds.Decision(signal.Tenant, signal.Trigger, signal.SignalId);
        var stream = DecisionStreams.StreamKey(decisionId);
        var knownGood = signal.Blamed is { Reached: true } blamed
            ? KnownGoodVersion.Before(blamed, await history.OfTargetAsync(signal.Tenant, blamed.Target, ct))
            : null;

        await using var session = store.LightweightSession(signal.Tenant);
        // Everything read from here on runs in the transaction that commits, after any writer of this cluster committed.
        await session.BeginTransactionAsync(ct);
        await DecisionLocks.TakeAsync(session, signal.Tenant, decisionId, signal.Application, signal.TargetCluster, ct);
        if (await session.Events.FetchStreamStateAsync(stream, ct) is not null)
        {
            log.LogDebug("{Trigger} {SignalId} of {Application} was decided already: decision {DecisionId}", signal.Trigger, signal.SignalId,
                signal.Application, decisionId);
            return redelivered ? await FirstStepsAsync(session, stream, ct) : [];
        }

        var now = clock.GetUtcNow();
        var cooldown = Cooldown.Find(
            await Cooldown.CandidatesAsync(session, signal.Application, signal.TargetCluster, now.AddMinutes(-Math.Max(policy.CooldownMinutes, 0)), ct),
            signal.Application, signal.TargetCluster, decisionId, policy.CooldownMinutes, now);
        var steps = ProposalRules.Decide(decisionId, signal, policy, knownGood, cooldown, now);

        session.AppendAtVersion(stream, 0, [.. steps.Select(step => WithId(session, step))]);
        await session.SaveChangesExpectingVersionsAsync(ct);
        Log(decisionId, signal, steps);
        return steps;
    }

    private async Task<RollbackPolicy?> MatchingPolicyAsync(RollbackSignal signal, CancellationToken ct)
    {
        var policy = await policies.FindAsync(signal.Tenant, signal.Application, ct);
        string? why = policy switch
        {
            null => "the application has no rollback policy",
            { Enabled: false } => "its rollback policy is disabled",
            _ when !policy.Triggers.Contains(signal.Trigger, StringComparer.OrdinalIgnoreCase) => $"its rollback policy does not list {signal.Trigger}",
            _ => null,
        };
        if (why is null) return policy;
        log.LogDebug("{Trigger} {SignalId} of {Application} (tenant {Tenant}) makes no decision: {Why}", signal.Trigger, signal.SignalId,
            signal.Application, signal.Tenant, why);
        return null;
    }

    /// <summary>A rollback is not rolled back: an execution Mesh started for a decision, or a run of the policy's rollback pipeline.</summary>
    private static string? StartedByRollback(ExecutionOutcome execution, RollbackPolicy policy)
    {
        if (execution.MeshDecisionId is { } decision) return $"execution {execution.ExecutionId} is the rollback of decision {decision}";
        var pipeline = policy.RollbackPipeline;
        var ofRollbackApplication = string.Equals(execution.Application, pipeline.Application, StringComparison.OrdinalIgnoreCase);
        if (ofRollbackApplication && pipeline.PipelineNameOrId is { Length: > 0 } name
            && (string.Equals(execution.PipelineName, name, StringComparison.Ordinal) || string.Equals(execution.PipelineConfigId, name, StringComparison.Ordinal)))
            return $"execution {execution.ExecutionId} is a run of the rollback pipeline {name}";
        return null;
    }

    /// <summary>The contract events the signal produced when it was first decided (not an operator's later steps).</summary>
    private static async Task<IReadOnlyList<object>> FirstStepsAsync(IDocumentSession session, string stream, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(stream, token: ct);
        return
        [
            .. events.Select(e => e.Data).Where(d => d is RollbackProposed or RollbackNotActionable
                || d is RollbackApproved { By: ProposalRules.ApprovedByPolicy }),
        ];
    }

    /// <summary>The step as a stream event whose id is the contract's EventId, so the store's unique index guards it too.</summary>
    private static object WithId(IDocumentSession session, object step)
    {
        var wrapped = session.Events.BuildEvent(step);
        wrapped.Id = DecisionPublishing.EventIdOf(step);
        return wrapped;
    }

    private void Log(string decisionId, RollbackSignal signal, IReadOnlyList<object> steps)
    {
        switch (steps[0])
        {
            case RollbackNotActionable n:
                log.LogInformation("Decision {DecisionId} of {Application} ({Trigger} {SignalId}) is not actionable: {Reason}",
                    decisionId, signal.Application, signal.Trigger, signal.SignalId, n.Reason);
                break;
            case RollbackProposed p:
                log.LogInformation("Decision {DecisionId} of {Application} ({Trigger} {SignalId}) proposes a rollback ({Mode}{Approved}): {Reason}",
                    decisionId, signal.Application, signal.Trigger, signal.SignalId, p.Mode, steps.Count > 1 ? ", approved by the policy" : "", p.Reason);
                break;
        }
    }
}
