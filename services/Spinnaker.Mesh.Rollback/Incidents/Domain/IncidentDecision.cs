using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>An event for an incident's stream, under its derived id.</summary>
internal sealed record IncidentStep(string IncidentId, Guid EventId, object Event);

/// <summary>
/// What observing one run decided: the run to record in the pipeline's history (null: nothing changes, with the
/// reason in <see cref="Ignored"/>) and the incident events to append, in order.
/// </summary>
internal sealed record IncidentDecision(PipelineRun? Recorded, IReadOnlyList<IncidentStep> Steps, string? Ignored = null)
{
    public static IncidentDecision Nothing(string reason) => new(null, [], reason);

    /// <summary>The events subscribers hear of, in order: openings and resolutions.</summary>
    public IReadOnlyList<object> Published => [.. Steps.Select(s => s.Event).Where(e => e is IncidentOpened or IncidentResolved)];
}
