using System.Globalization;
using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// S1 and S4 (§3.5). Incidents not caused by a change are set aside (they are neither change failures nor recovery
/// time); a change incident is attributed by its explicit link (execution id, else "caused by" sha), else to the latest
/// successful production deployment of the application that ended at or before it started, within the window.
/// </summary>
internal static class IncidentAttribution
{
    public static List<IncidentFinding> Apply(IReadOnlyList<DeploymentUnit> ordered, IEnumerable<IncidentObservation> incidents, DoraSettings settings)
    {
        var findings = new List<IncidentFinding>();
        foreach (var incident in Latest(incidents))
        {
            if (!incident.ChangeCaused)
            {
                findings.Add(new IncidentFinding(incident.IncidentId, incident.StartedAt, IncidentFinding.NonChange, null, [], "not caused by a change"));
                continue;
            }
            findings.Add(incident.LinkedExecutionId is { Length: > 0 } linked ? ByExecution(ordered, incident, linked)
                : incident.CausedBySha is { Length: > 0 } sha ? BySha(ordered, incident, sha)
                : Heuristic(ordered, incident, settings.IncidentAttributionWindowHours));
        }
        return findings;
    }

    /// <summary>One state per incident id (the webhook upserts): the resolved one, the latest resolution, independent of order.</summary>
    private static IEnumerable<IncidentObservation> Latest(IEnumerable<IncidentObservation> incidents) => incidents
        .GroupBy(i => i.IncidentId, StringComparer.Ordinal)
        .Select(g => g.OrderByDescending(i => i.ResolvedAt.HasValue).ThenByDescending(i => i.ResolvedAt)
            .ThenByDescending(i => i.ChangeCaused).ThenBy(i => i.StartedAt)
            .ThenBy(i => i.LinkedExecutionId, StringComparer.Ordinal).First())
        .OrderBy(i => i.StartedAt).ThenBy(i => i.IncidentId, StringComparer.Ordinal);

    private static IncidentFinding ByExecution(IReadOnlyList<DeploymentUnit> ordered, IncidentObservation incident, string linked)
    {
        var targets = ordered.Where(u => u.IsChange && u.ExecutionId == linked).ToList();
        if (targets.Count == 0)
        {
            var seen = ordered.FirstOrDefault(u => u.ExecutionId == linked);
            return Unattributed(incident, seen is null
                ? $"linked execution {linked} was not observed for this application"
                : $"linked execution {linked} is {seen.Classification}, not a change to production");
        }
        foreach (var target in targets)
            Attribute(target, incident, FailureSignals.IncidentLink, new FailureEvidence(
                $"incident {incident.IncidentId} ({incident.Source}) names execution {linked} as its cause",
                IncidentId: incident.IncidentId, SecondsAfterDeployment: VersionHistoryWalk.Seconds(incident.StartedAt - target.Time)));
        return Attributed(incident, FailureSignals.IncidentLink, targets);
    }

    /// <summary>The "caused by" commit: per environment, the first change to production that shipped it.</summary>
    private static IncidentFinding BySha(IReadOnlyList<DeploymentUnit> ordered, IncidentObservation incident, string sha)
    {
        var targets = ordered.Where(u => u.IsChange && (u.Sha == sha || u.ChangeSet.Any(c => c.Sha == sha)))
            .GroupBy(u => u.Environment).Select(g => g.First()).ToList();
        if (targets.Count == 0) return Unattributed(incident, $"no production deployment shipped commit {sha}");
        foreach (var target in targets)
            Attribute(target, incident, FailureSignals.IncidentLink, new FailureEvidence(
                $"incident {incident.IncidentId} ({incident.Source}) was caused by commit {sha}, first deployed here",
                IncidentId: incident.IncidentId, SecondsAfterDeployment: VersionHistoryWalk.Seconds(incident.StartedAt - target.Time)));
        return Attributed(incident, FailureSignals.IncidentLink, targets);
    }

    private static IncidentFinding Heuristic(IReadOnlyList<DeploymentUnit> ordered, IncidentObservation incident, double windowHours)
    {
        var latest = ordered.LastOrDefault(u => u.Classification == DeploymentClasses.SuccessfulProductionDeployment && u.Time <= incident.StartedAt);
        if (latest is null) return Unattributed(incident, "no successful production deployment before it started");
        var after = VersionHistoryWalk.Seconds(incident.StartedAt - latest.Time);
        var hours = Text(windowHours);
        if (after > windowHours * 3600)
            return Unattributed(incident,
                $"the latest successful production deployment {latest.ExecutionId} ended {Text(after / 3600)} h before it started, outside the {hours} h attribution window");
        Attribute(latest, incident, FailureSignals.HeuristicIncident, new FailureEvidence(
            $"incident {incident.IncidentId} ({incident.Source}) started {Text(after / 3600)} h after this deployment, the latest successful production deployment, within the {hours} h attribution window",
            IncidentId: incident.IncidentId, AttributionWindowHours: windowHours, SecondsAfterDeployment: after));
        return Attributed(incident, FailureSignals.HeuristicIncident, [latest]);
    }

    private static void Attribute(DeploymentUnit target, IncidentObservation incident, string signal, FailureEvidence evidence)
    {
        target.Signals.Add(new FailureSignal(signal, evidence));
        target.Incidents.Add(incident);
    }

    private static IncidentFinding Attributed(IncidentObservation incident, string signal, IEnumerable<DeploymentUnit> targets) =>
        new(incident.IncidentId, incident.StartedAt, IncidentFinding.Attributed, signal,
            [.. targets.Select(t => t.ExecutionId).Distinct(StringComparer.Ordinal)], null);

    private static IncidentFinding Unattributed(IncidentObservation incident, string reason) =>
        new(incident.IncidentId, incident.StartedAt, IncidentFinding.Unattributed, null, [], reason);

    private static string Text(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
