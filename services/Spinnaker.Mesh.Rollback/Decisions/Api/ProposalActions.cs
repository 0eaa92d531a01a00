using Marten;
using Npgsql;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Policies;

namespace Spinnaker.Mesh.Rollback.Decisions.Api;

/// <summary>
/// An operator approves or rejects a proposal. Only a <see cref="DecisionStatus.Proposed"/> decision can be acted on,
/// once: the step is appended at the version that was read, under the decision's and its cluster's locks, so of two
/// operators acting at once one wins and the other is told the decision moved on. An approval also respects the
/// cooldown: while another decision on the cluster was approved or triggered within the policy's minutes, the
/// proposal is not approved (reject it, or wait).
/// </summary>
internal sealed class ProposalActions(IDocumentStore store, IRollbackPolicies policies, TimeProvider clock, ILogger<ProposalActions> log)
{
    public enum Verdict { Approve, Reject }

    /// <summary>What came of an action: the decision after it and the step to publish, or why it was refused.</summary>
    public sealed record Outcome(RollbackDecision? Decision, object? Step, Refusal? Refused);

    public sealed record Refusal(bool NotFound, string Detail);

    public async Task<Outcome> ActAsync(string tenant, string decisionId, Verdict verdict, string by, string? comment, CancellationToken ct)
    {
        var stream = DecisionStreams.StreamKey(decisionId);
        await using var session = store.LightweightSession(tenant);
        await session.BeginTransactionAsync(ct);
        var decision = await session.LoadAsync<RollbackDecision>(stream, ct);
        if (decision is null) return Refused(notFound: true, $"No rollback decision '{decisionId}' exists.");
        await DecisionLocks.TakeAsync(session, tenant, decisionId, decision.Application, decision.Target.Cluster, ct);
        // Read again under the locks: whatever acted before us has committed now.
        decision = (await session.LoadAsync<RollbackDecision>(stream, ct))!;
        if (decision.Status != DecisionStatus.Proposed)
            return Refused(notFound: false, $"Decision {decisionId} is {decision.Status}, not proposed: only a proposal can be approved or rejected.");

        var now = clock.GetUtcNow();
        if (verdict == Verdict.Approve && await CooldownAsync(session, tenant, decision, decisionId, now, ct) is { } holder)
            return Refused(notFound: false, $"Decision {decisionId} cannot be approved: decision {holder.DecisionId} was {holder.Step} on " +
                $"{decision.Target.Cluster ?? "the cluster"} at {holder.At:O}, within the policy's cooldown. Reject it, or approve it once the cooldown has passed.");

        object step = verdict == Verdict.Approve
            ? new RollbackApproved(DecisionIds.Step(tenant, decisionId, "approved"), decisionId, tenant, decision.Application, by, comment, now)
            : new RollbackRejected(DecisionIds.Step(tenant, decisionId, "rejected"), decisionId, tenant, decision.Application, by, comment, now);
        var wrapped = session.Events.BuildEvent(step);
        wrapped.Id = DecisionPublishing.EventIdOf(step);
        session.AppendAtVersion(stream, decision.Version, wrapped);
        try
        {
            await session.SaveChangesExpectingVersionsAsync(ct);
        }
        catch (Exception e) when (e is StreamConcurrencyException || IsDuplicateStep(e))
        {
            return Refused(notFound: false, $"Decision {decisionId} was acted on at the same time by someone else; read it again.");
        }

        log.LogInformation("Decision {DecisionId} of {Application} {Verdict} by {By}", decisionId, decision.Application,
            verdict == Verdict.Approve ? "approved" : "rejected", by);
        await using var read = store.QuerySession(tenant);
        return new Outcome(await read.LoadAsync<RollbackDecision>(stream, ct), step, null);
    }

    private async Task<Cooldown.Holder?> CooldownAsync(IDocumentSession session, string tenant, RollbackDecision decision, string decisionId,
        DateTimeOffset now, CancellationToken ct)
    {
        var policy = await policies.FindAsync(tenant, decision.Application, ct);
        if (policy is not { CooldownMinutes: > 0 }) return null;
        var candidates = await Cooldown.CandidatesAsync(session, decision.Application, decision.Target.Cluster, now.AddMinutes(-policy.CooldownMinutes), ct);
        return Cooldown.Find(candidates, decision.Application, decision.Target.Cluster, decisionId, policy.CooldownMinutes, now);
    }

    /// <summary>The step's deterministic id is stored already: another request appended the same step first.</summary>
    private static bool IsDuplicateStep(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        AggregateException many => many.InnerExceptions.Any(IsDuplicateStep),
        _ => e.InnerException is { } inner && IsDuplicateStep(inner),
    };

    private static Outcome Refused(bool notFound, string detail) => new(null, null, new Refusal(notFound, detail));
}
