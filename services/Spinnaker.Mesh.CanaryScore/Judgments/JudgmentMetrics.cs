using System.Diagnostics.Metrics;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>Counters an SRE watches on canary judgments: runs recorded, reports ignored or rejected, trend flips.</summary>
internal sealed class JudgmentMetrics
{
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _judged;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _ignored;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _trends;

    public JudgmentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeshTelemetry.SourceName("CanaryScore"));
        _recorded = meter.CreateCounter<long>("mesh.canary_score.reports_recorded", description: "Canary-run reports stored (one per run and source)");
        _judged = meter.CreateCounter<long>("mesh.canary_score.judgments", description: "Canary runs judged for the first time");
        _failed = meter.CreateCounter<long>("mesh.canary_score.failed_runs", description: "Canary runs recorded as failed (no score)");
        _ignored = meter.CreateCounter<long>("mesh.canary_score.kayenta_ignored", description: "Kayenta statuses of unfinished runs, acknowledged and ignored");
        _rejected = meter.CreateCounter<long>("mesh.canary_score.kayenta_rejected", description: "Kayenta statuses that could not be read");
        _trends = meter.CreateCounter<long>("mesh.canary_score.trend_changes", description: "Trends that started or stopped trending toward failure");
    }

    public void Recorded(int reports, int judged, int failed)
    {
        _recorded.Add(reports);
        _judged.Add(judged);
        _failed.Add(failed);
    }

    public void KayentaIgnored() => _ignored.Add(1);

    public void KayentaRejected() => _rejected.Add(1);

    public void TrendChanged(int changes) => _trends.Add(changes);
}
