using Marten;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>
/// An application/cluster is cooling down while a decision there was approved or triggered within the policy's
/// <c>cooldownMinutes</c>: no new rollback there until that has passed.
/// </summary>
internal static class Cooldown
{
    /// <summary>An earlier decision that holds the cluster in cooldown: what happened to it, and when.</summary>
    public sealed record Holder(string DecisionId, string Step, DateTimeOffset At);

    /// <summary>The most recent approval or trigger among <paramref name="decisions"/> on the cluster since <c>now - minutes</c>.</summary>
    public static Holder? Find(IEnumerable<RollbackDecision> decisions, string application, string? cluster, string excludingDecisionId,
        int minutes, DateTimeOffset now)
    {
        if (minutes <= 0) return null;
        var since = now.AddMinutes(-minutes);
        return decisions
            .Where(d => d.Application == application && d.Target.Cluster == cluster && d.DecisionId != excludingDecisionId)
            .SelectMany(Steps)
            .Where(s => s.At >= since && s.At <= now)
            .OrderByDescending(s => s.At)
            .FirstOrDefault();
    }

    /// <summary>The decisions of an application/cluster approved or triggered since <paramref name="since"/>, from the inline snapshots.</summary>
    public static async Task<IReadOnlyList<RollbackDecision>> CandidatesAsync(IQuerySession session, string application, string? cluster,
        DateTimeOffset since, CancellationToken ct) =>
        cluster is null
            // A captured null would compare with "= NULL", which matches nothing.
            ? await session.Query<RollbackDecision>()
                .Where(d => d.Application == application && d.Target.Cluster == null && (d.ActedAt >= since || d.TriggeredAt >= since))
                .ToListAsync(ct)
            : await session.Query<RollbackDecision>()
                .Where(d => d.Application == application && d.Target.Cluster == cluster && (d.ActedAt >= since || d.TriggeredAt >= since))
                .ToListAsync(ct);

    private static IEnumerable<Holder> Steps(RollbackDecision d)
    {
        if (d.ApprovedBy is not null && d.ActedAt is { } approved) yield return new Holder(d.DecisionId, "approved", approved);
        if (d.TriggeredAt is { } triggered) yield return new Holder(d.DecisionId, "triggered", triggered);
    }
}
