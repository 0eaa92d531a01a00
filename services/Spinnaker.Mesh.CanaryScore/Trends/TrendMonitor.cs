using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryScore.Judgments;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Trends;

/// <summary>
/// Runs after judgments were committed: evaluates <see cref="TrendRule"/> on each touched trend's latest runs (in
/// time order, so a late arrival is simply part of the recomputed series) and, when the trend's state flips, appends
/// <see cref="CanaryTrendRecorded"/> to the trend's stream and returns it for publishing. Trends are locked while
/// evaluated, so two batches cannot both record the same flip.
/// </summary>
internal sealed class TrendMonitor(IDocumentStore store, IOptions<TrendOptions> options, JudgmentMetrics metrics, ILogger<TrendMonitor> log)
{
    private readonly TrendOptions _options = options.Value;

    /// <param name="changed">Judgments whose arrival (or new score) may have changed their trend.</param>
    /// <param name="redelivered">
    /// Judgments of a redelivered message: their first delivery may have recorded a change and died before publishing
    /// it, so the changes they caused are returned again (subscribers deduplicate on the event id).
    /// </param>
    public async Task<IReadOnlyList<CanaryTrendChanged>> EvaluateAsync(
        string tenant, IReadOnlyList<Judgment> changed, IReadOnlyList<Judgment> redelivered, CancellationToken ct)
    {
        var keys = changed.Concat(redelivered).Where(j => j.IsJudged).Select(j => j.Trend).Distinct().ToList();
        if (keys.Count == 0) return [];

        await using var session = store.LightweightSession(tenant);
        await session.BeginTransactionAsync(ct);
        await CanaryLocks.TakeAsync(session, CanaryLocks.Trends, tenant, keys.Select(CanaryTrendStreams.StreamId), ct);

        var pending = new List<PendingEvent>();
        var again = new List<CanaryTrendChanged>();
        var redeliveredIds = redelivered.Select(j => j.JudgmentId).ToHashSet(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var streamId = CanaryTrendStreams.StreamId(key);
            var history = await session.Events.FetchStreamAsync(streamId, token: ct);
            var last = history.Select(e => e.Data).OfType<CanaryTrendRecorded>().LastOrDefault();
            again.AddRange(history.Where(e => e.Data is CanaryTrendRecorded r && redeliveredIds.Contains(r.JudgmentId))
                .Select(e => CanaryTrendStreams.ToContract(e.Id, tenant, (CanaryTrendRecorded)e.Data)));

            var runs = await TrendQueries.LatestAsync(session, tenant, key, _options.EvaluatedRuns, ct);
            var verdict = TrendRule.Evaluate([.. runs.Select(TrendQueries.ToPoint)], _options);
            if (verdict.Trending == (last?.Trending ?? false)) continue;

            // The newest of this batch's judgments of the trend is the one whose arrival tipped it.
            var cause = changed.Where(j => j.Trend == key).MaxBy(j => (j.JudgedAt, j.JudgmentId));
            if (cause is null) continue;
            var recorded = new CanaryTrendRecorded(key.Application, key.Service, key.Config, verdict.Trending,
                verdict.Rule ?? last?.Rule ?? TrendRule.Slope, verdict.Evidence,
                [.. runs.TakeLast(_options.SlopeRuns).Select(r => r.Score!.Value)], cause.JudgmentId, cause.JudgedAt);
            pending.Add(new PendingEvent(tenant, streamId, CanaryTrendStreams.EventId(tenant, key, cause.JudgmentId, verdict.Trending), recorded));
        }

        var appended = await session.AppendNewAsync(pending, ct);
        if (appended.Count > 0) await session.SaveChangesAsync(ct);
        foreach (var e in appended.Select(p => (CanaryTrendRecorded)p.Data))
            log.LogWarning("Canary trend of {Application}/{Service}/{Config} in tenant {Tenant} is {State} ({Rule}): {Evidence}",
                e.Application, e.Service, e.Config, tenant, e.Trending ? "trending toward failure" : "no longer trending", e.Rule, e.Evidence);
        metrics.TrendChanged(appended.Count);
        return [.. appended.Select(p => CanaryTrendStreams.ToContract(p.Id, tenant, (CanaryTrendRecorded)p.Data)), .. again];
    }
}
