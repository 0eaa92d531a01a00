using Marten;
using MassTransit;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// Finds the decision a completed execution carries out (by <c>meshDecisionId</c> in its trigger parameters, else as
/// the rollback execution a triggered decision recorded) and records its end (<see cref="VerificationPlan"/>) at the
/// version it read; on a lost race it reads again and decides again.
/// </summary>
internal sealed partial class RollbackVerifier(IDocumentStore store, ExecutionOutbox outbox, ILogger<RollbackVerifier> log)
{
    private const int Races = 5;

    /// <returns>The decision's status afterwards, or null when the execution is no decision's rollback.</returns>
    public async Task<string?> VerifyAsync(PipelineCompleted completed, IPublishEndpoint publisher, CancellationToken ct)
    {
        var x = completed.Execution;
        for (var race = 1; ; race++)
        {
            var decisionId = VerificationPlan.DecisionIdOf(x) ?? await DecisionOfExecutionAsync(x, ct);
            if (decisionId is null) return null;
            var state = await DecisionReads.LoadAsync(store, x.Tenant, decisionId, ct);
            if (state is null) return null;
            var steps = VerificationPlan.Steps(state.Decision, completed);
            if (steps.Count == 0) return state.Decision.Status;
            try
            {
                var committed = await DecisionReads.AppendAsync(store, state, steps, ct);
                await outbox.PublishAsync(publisher, committed, ct);
                LogVerified(log, decisionId, x.ExecutionId, x.Status, steps.Count > 1);
                return steps[^1] is Spinnaker.Mesh.Contracts.Rollback.V1.RollbackSucceeded ? DecisionStatus.Succeeded : DecisionStatus.Failed;
            }
            catch (Spinnaker.Mesh.EventSourcing.StreamConcurrencyException) when (race < Races)
            {
                // The executor recorded Gate's answer meanwhile: decide again on what is stored now.
            }
        }
    }

    private async Task<string?> DecisionOfExecutionAsync(ExecutionInfo x, CancellationToken ct)
    {
        await using var session = store.QuerySession(x.Tenant);
        var decision = await session.Query<RollbackDecision>().FirstOrDefaultAsync(d => d.RollbackExecutionId == x.ExecutionId, ct);
        return decision is null ? null : decision.DecisionId;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId}: rollback execution {ExecutionId} ended {Status} (start recorded from Echo: {Reconciled})")]
    private static partial void LogVerified(ILogger logger, string decisionId, string executionId, string status, bool reconciled);
}
