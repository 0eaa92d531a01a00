using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// Classifies one application from its full input set (dora.md §3.2–§3.6). Pure and deterministic: the same
/// executions, commits and incidents give the same result in any order and with any duplicates, so a late or
/// repeated event is handled by classifying the application again.
/// </summary>
internal static class DoraClassifier
{
    /// <param name="application">The application.</param>
    /// <param name="executions">Its terminal executions as delivered, duplicates included (others' are ignored).</param>
    /// <param name="commits">Its commits (others' are ignored).</param>
    /// <param name="incidents">Its incidents (others' are ignored).</param>
    /// <param name="settings">The tenant's settings.</param>
    public static ApplicationClassification Classify(
        string application,
        IEnumerable<ExecutionObservation> executions,
        IEnumerable<CommitObservation> commits,
        IEnumerable<IncidentObservation> incidents,
        DoraSettings settings)
    {
        var (unique, duplicates) = Deduplicate(executions.Where(e => e.Application == application));
        var roles = new StageRoles(settings, application);
        var units = new List<DeploymentUnit>();
        var unmapped = new List<UnmappedAccountUse>();
        foreach (var execution in unique)
        {
            var stages = execution.Stages.Select(roles.Resolve).ToList();
            foreach (var account in stages.Where(StageRoles.IsUnmapped).Select(s => s.Stage.Account!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                unmapped.Add(new UnmappedAccountUse(account, execution.ExecutionId, execution.ExecutionTime));
            units.AddRange(ExecutionRules.Apply(execution, stages, settings));
        }

        var graph = new CommitGraph(commits.Where(c => c.Application == application));
        settings.Baselines.TryGetValue(application, out var baseline);
        foreach (var environment in units.Where(InHistory).GroupBy(u => u.Environment!).OrderBy(g => g.Key, StringComparer.Ordinal))
            VersionHistoryWalk.Run(environment, graph, baseline);

        var ordered = units.Order(DeploymentUnit.ByTime).ToList();
        HotfixSignals.Apply(ordered, settings);
        var findings = IncidentAttribution.Apply(ordered, incidents.Where(i => i.Application == application), settings);
        RecoveryResolver.Apply(ordered);

        return new ApplicationClassification(
            application,
            [.. ordered.Select(u => u.ToRow())],
            findings,
            duplicates,
            unmapped,
            unique.Count == 0 ? null : unique.Min(e => e.ExecutionTime));
    }

    /// <summary>Units the version history walks: changes, candidates for rules 7–9, and stage rollbacks.</summary>
    private static bool InHistory(DeploymentUnit unit) => unit.Environment is not null && unit.Classification
        is null or DeploymentClasses.FailedProductionDeployment or DeploymentClasses.RollbackRemediation;

    /// <summary>
    /// Rule 1: one execution per id; the latest terminal state wins (a restarted execution ends later), ties broken
    /// by the event's own time and then its id, so the winner never depends on arrival order.
    /// </summary>
    private static (List<ExecutionObservation> Unique, List<DuplicateDelivery> Duplicates) Deduplicate(IEnumerable<ExecutionObservation> executions)
    {
        var unique = new List<ExecutionObservation>();
        var duplicates = new List<DuplicateDelivery>();
        foreach (var deliveries in executions.GroupBy(e => e.ExecutionId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var winner = deliveries
                .OrderByDescending(e => e.EndTime ?? DateTimeOffset.MinValue)
                .ThenByDescending(e => e.Stages.Max(s => s.EndTime) ?? DateTimeOffset.MinValue)
                .ThenByDescending(e => e.ObservedAt)
                .ThenByDescending(e => e.EventId.ToString("N"), StringComparer.Ordinal)
                .First();
            unique.Add(winner);
            var count = deliveries.Count();
            if (count > 1)
                duplicates.Add(new DuplicateDelivery(winner.ExecutionId, count, deliveries.Select(e => e.EventId).Distinct().Count(), winner.ExecutionTime));
        }
        return (unique, duplicates);
    }
}
