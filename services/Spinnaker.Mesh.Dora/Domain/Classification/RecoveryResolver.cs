namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// §3.6: a failure starts at its deployment time and ends, in precedence order, at the latest resolution of its
/// attributed incidents (open while one is unresolved), else its earliest remediation (in-pipeline rollback, rollback,
/// hotfix), else the next successful production deployment of the environment, else it is open.
/// </summary>
internal static class RecoveryResolver
{
    public static void Apply(IReadOnlyList<DeploymentUnit> ordered)
    {
        foreach (var failure in ordered.Where(u => u.Signals.Count > 0))
        {
            var remediations = failure.Remediations.ToList();
            if (failure.InPipelineRollbackEnd is { } rolledBack)
                remediations.Add((rolledBack, RecoveryBases.InPipelineRollback, failure.ExecutionId));
            var first = remediations.OrderBy(r => r.Time).ThenBy(r => r.By, StringComparer.Ordinal).Cast<(DateTimeOffset Time, string Basis, string By)?>().FirstOrDefault();

            if (failure.Incidents.Count > 0)
            {
                var open = failure.Incidents.Where(i => i.ResolvedAt is null).OrderBy(i => i.IncidentId, StringComparer.Ordinal).FirstOrDefault();
                if (open is not null)
                {
                    failure.OpenReason = $"incident {open.IncidentId} is not resolved";
                    continue;
                }
                var last = failure.Incidents.OrderByDescending(i => i.ResolvedAt).ThenBy(i => i.IncidentId, StringComparer.Ordinal).First();
                End(failure, last.ResolvedAt!.Value, RecoveryBases.Incident, last.IncidentId);
                // Incident resolution wins over remediation (§3.10.3); the gap between them is reported.
                if (first is { } remediation)
                    failure.RemediationIncidentGapSeconds = VersionHistoryWalk.Seconds(last.ResolvedAt.Value - remediation.Time);
                continue;
            }

            if (first is { } earliest)
            {
                End(failure, earliest.Time, earliest.Basis, earliest.By);
                continue;
            }

            var next = ordered.FirstOrDefault(u => u.Classification == DeploymentClasses.SuccessfulProductionDeployment
                                                   && u.Environment == failure.Environment && u.Time > failure.Time);
            if (next is not null) End(failure, next.Time, RecoveryBases.NextDeployment, next.ExecutionId);
            else failure.OpenReason = "no remediation and no later successful production deployment yet";
        }
    }

    /// <summary>A recovery before its deployment (an incident closed before the deploy it blames) counts as immediate.</summary>
    private static void End(DeploymentUnit failure, DateTimeOffset end, string basis, string by) =>
        failure.Recovery = new Recovery(end.ToUniversalTime(), Math.Max(0, VersionHistoryWalk.Seconds(end - failure.Time)), basis, by);
}
