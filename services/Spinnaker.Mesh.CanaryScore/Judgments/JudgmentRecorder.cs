using Marten;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.CanaryScore.Trends;
using Spinnaker.Mesh.Contracts.Canary.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>A report of one canary run by one source: <see cref="OrcaCanaryRunRecorded"/> or <see cref="KayentaCanaryRunRecorded"/>.</summary>
internal sealed record CanaryRunReport(string Tenant, object Run)
{
    public string JudgmentId => Run switch
    {
        OrcaCanaryRunRecorded echo => echo.JudgmentId,
        KayentaCanaryRunRecorded kayenta => kayenta.JudgmentId,
        _ => throw new InvalidOperationException($"{Run.GetType()} is no canary-run report."),
    };

    public string Source => Run is KayentaCanaryRunRecorded ? CanaryRunStreams.KayentaSource : CanaryRunStreams.EchoSource;

    public PendingEvent ToPending() =>
        new(Tenant, CanaryRunStreams.StreamId(JudgmentId), CanaryRunStreams.EventId(Tenant, JudgmentId, Source), Run);
}

/// <summary>What recording a batch of reports produced for publishing, after its commit.</summary>
internal sealed record RecordedReports(IReadOnlyList<CanaryJudged> Judged, IReadOnlyList<CanaryTrendChanged> TrendChanges);

/// <summary>
/// Stores canary-run reports, one tenant per transaction: locks the runs, reads what was stored about them, appends the
/// reports not stored yet (one event per run and source, deterministic ids) and queues the canary-score series samples,
/// all in one commit with the inline <see cref="JudgmentProjection"/>. Then evaluates the touched trends. Returns what
/// to publish: a <see cref="CanaryJudged"/> for each run that became a judgment in this commit (for every judgment of
/// the batch when it is a redelivery, whose first delivery may have died between commit and publish).
/// </summary>
internal sealed class JudgmentRecorder(IDocumentStore store, TrendMonitor trends, JudgmentMetrics metrics, ILogger<JudgmentRecorder> log)
{
    public const string ScoreSeries = "mesh_canary_score";

    public async Task<RecordedReports> RecordAsync(IReadOnlyList<CanaryRunReport> reports, bool redelivered, CancellationToken ct)
    {
        var judged = new List<CanaryJudged>();
        var trendChanges = new List<CanaryTrendChanged>();
        foreach (var tenant in reports.GroupBy(r => r.Tenant, StringComparer.Ordinal))
        {
            var stored = await StoreAsync(tenant.Key, [.. tenant], ct);
            var all = stored.After.Values.ToList();
            judged.AddRange((redelivered ? all.Where(j => j.IsJudged) : stored.NewlyJudged).Select(j => j.ToEvent()));
            trendChanges.AddRange(await trends.EvaluateAsync(tenant.Key, redelivered ? all : stored.Changed, redelivered ? all : [], ct));
        }
        return new RecordedReports([.. judged.DistinctBy(j => j.EventId)], [.. trendChanges.DistinctBy(t => t.EventId)]);
    }

    private sealed record Stored(Dictionary<string, Judgment> After, IReadOnlyList<Judgment> NewlyJudged, IReadOnlyList<Judgment> Changed);

    private async Task<Stored> StoreAsync(string tenant, IReadOnlyList<CanaryRunReport> reports, CancellationToken ct)
    {
        var ids = reports.Select(r => r.JudgmentId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await using var session = store.LightweightSession(tenant);
        // Everything read from here on runs in the transaction that commits, after any writer of these runs committed.
        await session.BeginTransactionAsync(ct);
        await CanaryLocks.TakeAsync(session, CanaryLocks.Judgments, tenant, ids, ct);
        var before = await JudgmentTable.LoadReportsAsync(session, tenant, ids, ct);
        var appended = await session.AppendNewAsync([.. reports.Select(r => r.ToPending())], ct);

        var after = new Dictionary<string, CanaryRunReports>(before, StringComparer.Ordinal);
        foreach (var e in appended)
        {
            var id = CanaryRunStreams.JudgmentId(e.StreamId);
            after[id] = after.GetValueOrDefault(id, CanaryRunReports.None).With(e.Data);
        }
        var merged = after.ToDictionary(kv => kv.Key, kv => kv.Value.Merge(tenant)!, StringComparer.Ordinal);

        var touched = appended.Select(e => CanaryRunStreams.JudgmentId(e.StreamId)).Distinct(StringComparer.Ordinal).ToList();
        var newlyJudged = new List<Judgment>();
        var changed = new List<Judgment>();
        foreach (var id in touched)
        {
            var was = before.GetValueOrDefault(id)?.Merge(tenant);
            var now = merged[id];
            if (now.IsJudged && was?.IsJudged != true) newlyJudged.Add(now);
            if (now.IsJudged && (was?.Score != now.Score || was?.JudgedAt != now.JudgedAt || was?.Trend != now.Trend)) changed.Add(now);
            // A run whose service or config became known later leaves the trend it was counted in: evaluate that one too.
            if (was is { IsJudged: true } && was.Trend != now.Trend) changed.Add(was);
        }
        var samples = changed.Where(j => merged[j.JudgmentId] == j).Select(Sample).ToList();
        if (samples.Count > 0) session.QueueSamples(tenant, samples, SampleWrite.Replace);

        if (appended.Count > 0) await session.SaveChangesAsync(ct);
        foreach (var j in newlyJudged)
            log.LogInformation("Canary {JudgmentId} of {Application}/{Service} judged {Score} ({Classification}) from {Source}",
                j.JudgmentId, j.Application, j.Service, j.Score, j.Classification, j.ScoreSource);
        metrics.Recorded(appended.Count, newlyJudged.Count, touched.Count(id => !merged[id].IsJudged));
        return new Stored(merged, newlyJudged, changed);
    }

    /// <summary>The run's point of <c>mesh_canary_score</c>; labels that are unknown are left out.</summary>
    private static SeriesSample Sample(Judgment j)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["application"] = j.Application };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) labels[name] = value;
        }
        Add("service", j.Service);
        // The config's id, as the trend keys it: Echo often knows only the id, Kayenta both, and one run must stay one series.
        Add("config", j.ConfigId ?? j.ConfigName);
        Add("account", j.Account);
        Add("region", j.Region);
        Add("environment", j.Environment);
        return new SeriesSample(ScoreSeries, labels, j.JudgedAt, j.Score!.Value, j.JudgmentId);
    }
}
