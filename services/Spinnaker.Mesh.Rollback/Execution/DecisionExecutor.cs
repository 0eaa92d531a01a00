using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>How far <see cref="DecisionExecutor.CarryOutAsync"/> got.</summary>
internal enum CarryOutcome
{
    /// <summary>The decision is where the executor leaves it: not approved, triggered, or finished.</summary>
    Settled,
    /// <summary>Another process holds the decision and carries it on.</summary>
    Busy,
    /// <summary>No such decision.</summary>
    Missing,
    /// <summary>Another writer appended first: whatever it recorded stands.</summary>
    LostRace,
    /// <summary>
    /// Not now: an intent without outcome could not be reconciled yet (Gate unreachable, or the intent too recent), or
    /// a retry is not due yet. The sweep comes back to it.
    /// </summary>
    Postponed,
}

/// <summary>
/// Carries an approved decision through Gate at most once: under the decision's lock, commits the intent of an attempt
/// at the version it read, calls Gate, commits the outcome, and publishes the contract steps after the commit (through
/// <see cref="ExecutionOutbox"/>). Retryable failures are tried again after <see cref="ExecutionOptions.RetryDelay"/>
/// (doubling) up to <see cref="ExecutionOptions.MaxAttempts"/>; the attempts count is in the stream, so a restart
/// continues where it stopped. An intent found without outcome is never called again blindly: Gate's recent
/// executions say whether the cut call started the pipeline.
/// </summary>
internal sealed partial class DecisionExecutor(
    IDocumentStore store, NpgsqlDataSource database, IGateClient gate, ExecutionOutbox outbox,
    IOptions<ExecutionOptions> options, TimeProvider clock, ILogger<DecisionExecutor> log)
{
    private ExecutionOptions Options => options.Value;

    /// <param name="waitForRetry">Wait out the delay before a retry here (a consumer), when it is shorter than the sweep
    /// interval; false leaves a decision whose retry is not due yet to a later call (the sweep, which must not stall on
    /// one decision).</param>
    public async Task<(CarryOutcome Outcome, string? Status)> CarryOutAsync(
        string tenant, string decisionId, IPublishEndpoint publisher, CancellationToken ct, bool waitForRetry = true)
    {
        await using var held = await DecisionLock.TryTakeAsync(database, tenant, decisionId, ct);
        if (held is null) return (CarryOutcome.Busy, null);

        // Each pass commits one step (intent, outcome, reconciliation) or waits for the next attempt: bounded by the attempts.
        for (var pass = 0; pass < 4 * Options.MaxAttempts + 4; pass++)
        {
            var state = await DecisionReads.LoadAsync(store, tenant, decisionId, ct);
            if (state is null) return (CarryOutcome.Missing, null);
            var now = clock.GetUtcNow();
            switch (ExecutionPlan.Next(state, now, Options))
            {
                case ExecutionStep.None none:
                    return (CarryOutcome.Settled, none.Status);
                // A consumer holds its message while it waits: long waits are the sweep's (the broker ends long-unacked deliveries).
                case ExecutionStep.Wait wait when !waitForRetry || wait.Until - now > Options.SweepInterval:
                    return (CarryOutcome.Postponed, DecisionStatus.Approved);
                case ExecutionStep.Wait wait:
                    await Task.Delay(wait.Until - now, clock, ct);
                    break;
                case ExecutionStep.GiveUp giveUp:
                    LogGaveUp(log, decisionId, giveUp.Reason);
                    if (!await TryAppendAsync(state, ExecutionPlan.GaveUp(state.Decision, giveUp.Reason, now), publisher, ct))
                        return (CarryOutcome.LostRace, null);
                    break;
                case ExecutionStep.Trigger trigger:
                    if (!await TriggerAsync(state, trigger.Attempt, publisher, ct)) return (CarryOutcome.LostRace, null);
                    break;
                case ExecutionStep.Reconcile reconcile:
                    if (!await ReconcileAsync(state, reconcile, publisher, ct)) return (CarryOutcome.Postponed, DecisionStatus.Triggering);
                    break;
            }
        }
        throw new InvalidOperationException($"Decision {decisionId} of tenant {tenant} did not settle within its attempts.");
    }

    private async Task<bool> TriggerAsync(DecisionState state, int attempt, IPublishEndpoint publisher, CancellationToken ct)
    {
        var d = state.Decision;
        var id = d.DecisionId;
        // Committed before the call: whatever happens to this process from here on, the intent is known.
        if (!await TryAppendAsync(state, [ExecutionEvents.Intended(d, attempt, clock.GetUtcNow())], publisher, ct)) return false;

        LogTriggering(log, id, d.Tenant, d.RollbackApplication, d.RollbackPipeline, attempt);
        IReadOnlyList<object> outcome;
        try
        {
            var result = await gate.TriggerPipelineAsync(
                new GatePipelineTrigger(d.RollbackApplication!, d.RollbackPipeline!, id, d.Reason, d.Parameters), ct);
            LogTriggered(log, id, result.ExecutionId, attempt);
            outcome = ExecutionPlan.Started(d, attempt, result, clock.GetUtcNow());
        }
        catch (GateCallException refusal)
        {
            LogRefused(log, id, attempt, refusal.StatusCode, refusal.Retryable, refusal.Message);
            outcome = ExecutionPlan.Refused(d, attempt, refusal, clock.GetUtcNow(), Options);
        }
        // Anything else (cancelled at shutdown, a bug) leaves the intent without outcome: reconciliation settles it.

        await RecordOutcomeAsync(state with { Version = state.Version + 1 }, attempt, outcome, publisher, ct);
        return true;
    }

    private async Task<bool> ReconcileAsync(DecisionState state, ExecutionStep.Reconcile reconcile, IPublishEndpoint publisher, CancellationToken ct)
    {
        var d = state.Decision;
        var id = d.DecisionId;
        IReadOnlyList<GateExecution> executions;
        try
        {
            executions = await gate.RecentExecutionsAsync(d.RollbackApplication!, Options.RecentExecutions, ct);
        }
        catch (GateCallException unreachable)
        {
            LogReconcilePostponed(log, id, unreachable.StatusCode, unreachable.Message);
            return false;
        }
        var steps = ExecutionPlan.Reconciled(d, reconcile.Attempt, reconcile.IntendedAt, executions, clock.GetUtcNow(), Options);
        if (steps.Count == 0)
        {
            LogIntentTooRecent(log, id, reconcile.Attempt, reconcile.IntendedAt);
            return false;
        }
        if (steps[0] is RollbackTriggered found) LogReconciled(log, id, found.RollbackExecutionId, reconcile.Attempt);
        else LogLostCall(log, id, reconcile.Attempt);
        await RecordOutcomeAsync(state, reconcile.Attempt, steps, publisher, ct);
        return true;
    }

    /// <summary>
    /// Appends an attempt's outcome at the version after its intent. Losing that race means someone else recorded the
    /// outcome first (the verifier, when Echo's completion of the rollback came before Gate's answer): theirs stands.
    /// </summary>
    private async Task RecordOutcomeAsync(DecisionState afterIntent, int attempt, IReadOnlyList<object> outcome, IPublishEndpoint publisher, CancellationToken ct)
    {
        if (await TryAppendAsync(afterIntent, outcome, publisher, ct)) return;
        var now = await DecisionReads.LoadAsync(store, afterIntent.Decision.Tenant, afterIntent.Decision.DecisionId, ct);
        LogOutcomeRecordedElsewhere(log, afterIntent.Decision.DecisionId, attempt, now?.Decision.Status);
    }

    /// <summary>Appends at the state's version and publishes the contract steps after the commit; false when another writer was first.</summary>
    private async Task<bool> TryAppendAsync(DecisionState state, IReadOnlyList<object> events, IPublishEndpoint publisher, CancellationToken ct)
    {
        try
        {
            var committed = await DecisionReads.AppendAsync(store, state, events, ct);
            await outbox.PublishAsync(publisher, committed, ct);
            return true;
        }
        catch (StreamConcurrencyException conflict)
        {
            LogLostRace(log, state.Decision.DecisionId, conflict.ExpectedVersion, conflict.ActualVersion);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId} of tenant {Tenant}: starting rollback pipeline {Application}/{Pipeline} through Gate (attempt {Attempt})")]
    private static partial void LogTriggering(ILogger logger, string decisionId, string tenant, string? application, string? pipeline, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId}: Gate started rollback execution {ExecutionId} (attempt {Attempt})")]
    private static partial void LogTriggered(ILogger logger, string decisionId, string? executionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision {DecisionId}: Gate did not start the rollback pipeline (attempt {Attempt}, status {GateStatus}, retryable {Retryable}): {Error}")]
    private static partial void LogRefused(ILogger logger, string decisionId, int attempt, int? gateStatus, bool retryable, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision {DecisionId}: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string decisionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision {DecisionId}: Gate's executions could not be read to reconcile an interrupted call (status {GateStatus}): {Error}; trying again later")]
    private static partial void LogReconcilePostponed(ILogger logger, string decisionId, int? gateStatus, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId}: attempt {Attempt} intended at {IntendedAt} has no execution at Gate yet; looking again later")]
    private static partial void LogIntentTooRecent(ILogger logger, string decisionId, int attempt, DateTimeOffset intendedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId}: the interrupted attempt {Attempt} had started rollback execution {ExecutionId} (found at Gate)")]
    private static partial void LogReconciled(ILogger logger, string decisionId, string? executionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision {DecisionId}: the interrupted attempt {Attempt} started no execution at Gate")]
    private static partial void LogLostCall(ILogger logger, string decisionId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId}: the outcome of attempt {Attempt} was recorded by another writer first (now {Status})")]
    private static partial void LogOutcomeRecordedElsewhere(ILogger logger, string decisionId, int attempt, string? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision {DecisionId}: another writer appended first (expected version {Expected}, found {Actual}); leaving it to them")]
    private static partial void LogLostRace(ILogger logger, string decisionId, long? expected, long? actual);
}
