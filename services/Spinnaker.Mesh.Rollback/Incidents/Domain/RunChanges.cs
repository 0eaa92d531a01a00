using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

/// <summary>What changed between the last successful run of a pipeline and a failed one, as incident changes.</summary>
internal static class RunChanges
{
    /// <summary>
    /// One change per fact whose value differs (absent on one side counts). Deployed versions are compared only where
    /// the failed run deployed something: a run that failed before its deploy stage changed no version, and listing
    /// what it did not reach as "gone" would mislead. Nothing to compare with (no successful run known): no changes.
    /// </summary>
    public static IReadOnlyList<IncidentChange> Between(PipelineRun? lastSuccess, PipelineRun failed)
    {
        if (lastSuccess is null) return [];
        var before = lastSuccess.Facts.ToDictionary(f => (f.Kind, f.Name), f => f.Value);
        var after = failed.Facts.ToDictionary(f => (f.Kind, f.Name), f => f.Value);
        return
        [
            .. before.Keys.Union(after.Keys)
                .Where(k => k.Kind != IncidentChangeKinds.Version || after.ContainsKey(k))
                .Select(k => new IncidentChange(k.Kind, k.Name, before.GetValueOrDefault(k), after.GetValueOrDefault(k)))
                .Where(c => c.Before != c.After)
                .OrderBy(c => IncidentChangeKinds.OrderOf(c.Kind)).ThenBy(c => c.Name, StringComparer.Ordinal),
        ];
    }
}
