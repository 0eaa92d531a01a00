using Marten;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Rollback.Anomalies;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// Stores a tenant's rollback observations in one transaction: locks the rollbacks, reads their views, appends each
/// observation that changes its rollback (a redelivered or repeated snapshot appends nothing), and, for each rollback
/// that reached a final status in this commit, its <see cref="RollbackObserved"/> with the anomalies that preceded it.
/// Returns what to publish after the commit: those, and on a redelivery (whose first delivery may have died between
/// commit and publish) every ended rollback of the batch again, under the same id.
/// </summary>
internal sealed class RollbackRecorder(IDocumentStore store, AnomalyStore anomalies, IOptions<RecognitionOptions> options, ILogger<RollbackRecorder> log)
{
    public async Task<IReadOnlyList<RollbackObserved>> RecordAsync(string tenant, IReadOnlyList<RollbackRecognized> observations, bool redelivered,
        CancellationToken ct)
    {
        if (observations.Count == 0) return [];
        var ids = observations.Select(o => o.RollbackId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await using var session = store.LightweightSession(tenant);
        await session.BeginTransactionAsync(ct);
        await RollbackLocks.TakeAsync(session, tenant, ids, ct);
        var stored = (await session.LoadManyAsync<RollbackView>(ct, ids.Select(RollbackStreams.StreamKey)))
            .ToDictionary(v => v.RollbackId, StringComparer.Ordinal);
        var decisions = new DecisionContext(session);

        var pending = new List<PendingEvent>();
        var ending = new List<RollbackView>();
        var again = new List<RollbackObserved>();
        foreach (var rollback in observations.GroupBy(o => o.RollbackId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var view = stored.GetValueOrDefault(rollback.Key)?.Copy() ?? new RollbackView();
            foreach (var observation in rollback.OrderBy(o => o.ObservedAt).ThenBy(o => o.EventId))
            {
                var enriched = await decisions.EnrichAsync(observation, ct);
                if (!view.ChangedBy(enriched)) continue;
                view.Apply(enriched);
                pending.Add(new PendingEvent(tenant, RollbackStreams.StreamKey(rollback.Key), enriched.EventId, enriched));
            }
            if (view.Final && view.Observed is null) ending.Add(view);
            else if (redelivered && view.Observed is { } observed) again.Add(observed);
        }

        var preceding = await anomalies.PrecedingAsync(tenant, [.. ending.Select(v => v.Window())], options.Value.AnomalyWindow, ct);
        var ended = new List<RollbackObserved>();
        for (var i = 0; i < ending.Count; i++)
        {
            var view = ending[i];
            var observed = view.ToObserved(RollbackStreams.ObservedId(tenant, view.RollbackId), tenant, preceding[i]);
            view.Apply(observed);
            pending.Add(new PendingEvent(tenant, RollbackStreams.StreamKey(view.RollbackId), observed.EventId, observed));
            ended.Add(observed);
        }

        var appended = await session.AppendNewAsync(pending, ct);
        if (appended.Count > 0) await session.SaveChangesAsync(ct);
        foreach (var e in ended)
            log.LogInformation("Rollback {RollbackId} of {Application}/{Cluster} ({Kind}) ended {Status}: {From} -> {To}, {Anomalies} preceding anomalies",
                e.RollbackId, e.Application, e.Cluster, e.Kind, e.Status, e.FromVersion, e.ToVersion, e.PrecedingAnomalies.Count);
        return [.. ended, .. again];
    }

    /// <summary>
    /// A Mesh-triggered rollback is what its decision says it is: the decision's application, reason and target (the
    /// trigger carries the decision id, not the reason). Read once per decision and batch.
    /// </summary>
    private sealed class DecisionContext(IQuerySession session)
    {
        private readonly Dictionary<string, RollbackDecision?> _decisions = new(StringComparer.Ordinal);

        public async Task<RollbackRecognized> EnrichAsync(RollbackRecognized observation, CancellationToken ct)
        {
            if (observation.DecisionId is not { } id) return observation;
            if (!_decisions.TryGetValue(id, out var decision))
            {
                var key = DecisionStreams.StreamKey(id);
                decision = await session.Query<RollbackDecision>().Where(d => d.Id == key || d.Id == id).FirstOrDefaultAsync(ct);
                _decisions[id] = decision;
            }
            if (decision is null) return observation;
            var target = decision.Target;
            return observation with
            {
                Application = decision.Application is { Length: > 0 } application ? application : observation.Application,
                Reason = decision.Reason is { Length: > 0 } reason ? reason : observation.Reason,
                Cluster = target.Cluster ?? observation.Cluster,
                Account = target.Account ?? observation.Account,
                Region = target.Region ?? observation.Region,
                Namespace = target.Namespace ?? observation.Namespace,
                FromVersion = target.FromVersion ?? observation.FromVersion,
                ToVersion = target.ToVersion ?? observation.ToVersion,
            };
        }
    }
}
