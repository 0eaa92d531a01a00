using System.Diagnostics.Metrics;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>Counters an SRE watches on deployment impact: assessments scheduled, made (by verdict), retried, published.</summary>
internal sealed class ImpactMetrics
{
    private readonly Counter<long> _scheduled;
    private readonly Counter<long> _assessed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _published;

    public ImpactMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeshTelemetry.SourceName("CanaryScore"));
        _scheduled = meter.CreateCounter<long>("mesh.canary_score.impact_scheduled", description: "Production deployments whose impact assessment was scheduled or extended");
        _assessed = meter.CreateCounter<long>("mesh.canary_score.impact_assessed", description: "Impact assessments made, by verdict");
        _retried = meter.CreateCounter<long>("mesh.canary_score.impact_retried", description: "Impact assessment attempts that found the metric source unavailable and were rescheduled");
        _published = meter.CreateCounter<long>("mesh.canary_score.impact_published", description: "DeploymentImpactAssessed and DeploymentDegraded messages published");
    }

    public void Scheduled() => _scheduled.Add(1);

    public void Assessed(string verdict) => _assessed.Add(1, new KeyValuePair<string, object?>("verdict", verdict));

    public void Retried() => _retried.Add(1);

    public void Published(int messages) => _published.Add(messages);
}
