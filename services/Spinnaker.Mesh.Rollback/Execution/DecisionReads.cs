using Marten;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>Reading a decision with its stream version, and appending to it at that version.</summary>
internal static class DecisionReads
{
    public static async Task<DecisionState?> LoadAsync(IDocumentStore store, string tenant, string decisionId, CancellationToken ct)
    {
        var key = DecisionStreams.StreamKey(decisionId);
        await using var session = store.QuerySession(tenant);
        var decision = await session.LoadAsync<RollbackDecision>(key, ct);
        if (decision is null) return null;
        var stream = await session.Events.FetchStreamStateAsync(key, ct);
        if (stream is null) return null;
        var last = (await session.Events.FetchStreamAsync(key, stream.Version, fromVersion: stream.Version, token: ct)).LastOrDefault();
        return new DecisionState(decision, stream.Version, last is null ? stream.LastTimestamp : StepTime(last.Data, last.Timestamp));
    }

    /// <summary>The time a step states for itself; the store's timestamp for steps that state none.</summary>
    private static DateTimeOffset StepTime(object step, DateTimeOffset stored) => step switch
    {
        RollbackTriggerIntended e => e.IntendedAt,
        RollbackTriggerAttemptFailed e => e.FailedAt,
        RollbackApproved e => e.ApprovedAt,
        RollbackTriggered e => e.TriggeredAt,
        _ => stored,
    };

    /// <summary>
    /// Appends <paramref name="events"/> at <see cref="DecisionState.Version"/>, queuing the contract ones in the outbox
    /// in the same commit; returns those to publish. Throws <see cref="StreamConcurrencyException"/> when the stream moved.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid EventId, object Message)>> AppendAsync(
        IDocumentStore store, DecisionState state, IReadOnlyList<object> events, CancellationToken ct)
    {
        if (events.Count == 0) return [];
        var tenant = state.Decision.Tenant;
        await using var session = store.LightweightSession(tenant);
        var key = DecisionStreams.StreamKey(state.Decision.DecisionId);
        session.AppendAtVersion(key, state.Version, [.. events.Select(e => Wrap(session, e))]);
        var contracts = events.Select(e => (EventId: ContractId(e), Message: e)).Where(c => c.EventId is not null)
            .Select(c => (c.EventId!.Value, c.Message)).ToList();
        ExecutionOutbox.Queue(session, tenant, contracts.Select(c => c.Item1));
        await session.SaveChangesExpectingVersionsAsync(ct);
        return contracts;
    }

    /// <summary>Stores the step under its deterministic id, so the store refuses the same step twice.</summary>
    private static object Wrap(IDocumentSession session, object step)
    {
        var wrapped = session.Events.BuildEvent(step);
        wrapped.Id = StepId(step);
        return wrapped;
    }

    private static Guid StepId(object step) => step switch
    {
        RollbackTriggerIntended e => e.EventId,
        RollbackTriggerAttemptFailed e => e.EventId,
        _ => ContractId(step) ?? throw new ArgumentException($"{step.GetType().Name} is no decision step.", nameof(step)),
    };

    private static Guid? ContractId(object step) => step switch
    {
        RollbackTriggered e => e.EventId,
        RollbackSucceeded e => e.EventId,
        RollbackFailed e => e.EventId,
        _ => null,
    };
}
