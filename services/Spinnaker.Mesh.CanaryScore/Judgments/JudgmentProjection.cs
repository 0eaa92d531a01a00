using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// Keeps <c>canary_score.judgments</c> in step with the canary-run streams. Inline: the row commits with the events,
/// so a query sees a report as soon as it was stored. Each batch reads the touched rows' stored reports once, lays the
/// new events over them and writes the merged rows in one statement; a rebuild (which empties the table first) reads
/// what its previous range committed.
/// </summary>
/// <remarks>
/// The reports are read through the session, inside the transaction of <see cref="JudgmentRecorder"/>, which first
/// locks the runs (<see cref="CanaryLocks"/>): a report from Echo and one from Kayenta arriving together merge one
/// after the other instead of each overwriting the row with its half.
/// </remarks>
internal sealed class JudgmentProjection : IProjection
{
    public const string Name = "canary-judgments";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var rows = new List<(Judgment, CanaryRunReports)>();
        foreach (var tenant in events.GroupBy(e => e.TenantId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var runs = tenant
                .GroupBy(e => CanaryRunStreams.JudgmentId(e.StreamKey ?? throw new InvalidOperationException("Canary-run streams are keyed by judgment id.")))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            var stored = await JudgmentTable.LoadReportsAsync(operations, tenant.Key, [.. runs.Select(r => r.Key)], cancellation);
            foreach (var run in runs)
            {
                var reports = run.Aggregate(stored.GetValueOrDefault(run.Key) ?? CanaryRunReports.None, (r, e) => r.With(e.Data));
                if (reports.Merge(tenant.Key) is { } judgment) rows.Add((judgment, reports));
            }
        }
        JudgmentTable.QueueUpsert(operations, rows);
    }
}
