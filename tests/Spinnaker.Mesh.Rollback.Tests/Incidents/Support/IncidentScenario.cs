using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents.Support;

/// <summary>
/// The incident rules driven in memory as the store drives them: each run is decided against the book of what came
/// before, then the decision is folded in. Keeps every event that would be published, in order.
/// </summary>
internal sealed class IncidentScenario(PipelineRuns pipeline, TimeSpan? joinWindow = null)
{
    private readonly List<object> _published = [];
    private PipelineBook _book = PipelineBook.Empty(
        PipelineIdentity.Of(pipeline.Tenant, pipeline.Application, pipeline.ConfigId, pipeline.PipelineName)!);

    public TimeSpan JoinWindow { get; } = joinWindow ?? TimeSpan.FromDays(1);
    public IReadOnlyList<Incident> Incidents => _book.Incidents;
    public IReadOnlyList<PipelineRun> Runs => _book.Runs;
    public IReadOnlyList<object> Published => _published;
    public IReadOnlyList<IncidentOpened> Opened => [.. _published.OfType<IncidentOpened>()];
    public IReadOnlyList<IncidentResolved> Resolved => [.. _published.OfType<IncidentResolved>()];
    public Incident Single => Incidents.Single();

    /// <summary>Observes the runs one after the other; returns the last decision.</summary>
    public IncidentDecision Observe(params PipelineCompleted[] runs)
    {
        IncidentDecision? last = null;
        foreach (var completed in runs)
        {
            var observed = DeployContext.Observe(completed);
            last = observed is null ? IncidentDecision.Nothing("not followed") : _book.Decide(observed, JoinWindow);
            _book = _book.With(last);
            _published.AddRange(last.Published);
        }
        return last ?? throw new ArgumentException("No run observed.", nameof(runs));
    }
}
