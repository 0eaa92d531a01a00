using Spinnaker.Mesh.Dora.Domain.Classification;

namespace Spinnaker.Mesh.Dora.Domain.Figures;

/// <summary>
/// The three answers of the DORA API from classified applications. Everything a figure needs is on the rows of its
/// window (recovery and signals are decided at classification), so the classification passed in may be just the
/// window's rows (plus incidents, duplicates and unmapped accounts of the window): the read model serves a window
/// without reading the application's history.
/// </summary>
internal static class DoraCalculator
{
    public const string TeamPooling =
        "pooled: the raw samples of every application of the team (deployments, changes, change failures, recoveries, " +
        "remediations) are pooled before any median or rate is taken; deployment days are the distinct UTC dates on which " +
        "any of the team's applications deployed; perApplication gives each application's own figures";

    /// <summary><c>GET /api/dora</c>.</summary>
    public static DoraSummary Summary(ApplicationClassification classification, DoraQuery query)
    {
        Check(query);
        var rows = Select(classification.Deployments, query);
        var figures = WindowFigures.Compute(rows, query.From, query.To, FullCoverage(classification, query));
        return new DoraSummary(classification.Application, query.From, query.To, query.AsOf,
            figures.DeploymentFrequency, figures.LeadTimeForChanges, figures.ChangeFailureRate,
            figures.FailedDeploymentRecoveryTime, figures.DeploymentReworkRate, figures.Weeks,
            Diagnostics(classification, rows, query));
    }

    /// <summary><c>GET /api/dora/deployments</c>: every row of the window, in time order.</summary>
    public static IReadOnlyList<DeploymentRow> Deployments(ApplicationClassification classification, DoraQuery query)
    {
        Check(query);
        return [.. Select(classification.Deployments, query).Select(r => new DeploymentRow(
            r.ExecutionId, r.Classification, r.DeploymentTime, IsoWeeks.Label(r.Time), r.Environment, r.DeployedSha,
            [.. r.ChangeSet.Select(c => new ChangeRow(c.Sha, c.CommitTime, Statistics.Seconds(c.LeadTimeSeconds)!.Value))],
            r.ChangeFailure,
            [.. r.FailureSignals.Select(s => new FailureSignalRow(s.Signal, s.Evidence))],
            r.Recovery is { } recovery ? new RecoveryRow(recovery.Time, Statistics.Seconds(recovery.Seconds)!.Value) : null,
            r.Remediates))];
    }

    /// <summary><c>GET /api/dora/teams</c>: a pooled recompute over the team's applications, with each one's own figures.</summary>
    public static TeamSummary Team(string team, IReadOnlyList<ApplicationClassification> applications, DoraQuery query)
    {
        Check(query);
        var ordered = applications.OrderBy(a => a.Application, StringComparer.Ordinal).ToList();
        var pooled = WindowFigures.Compute([.. ordered.SelectMany(a => Select(a.Deployments, query))], query.From, query.To,
            ordered.Count > 0 && ordered.All(a => FullCoverage(a, query)));
        var perApplication = ordered.Select(a =>
        {
            var f = WindowFigures.Compute(Select(a.Deployments, query), query.From, query.To, FullCoverage(a, query));
            return new ApplicationFigures(a.Application, f.DeploymentFrequency, f.LeadTimeForChanges, f.ChangeFailureRate,
                f.FailedDeploymentRecoveryTime, f.DeploymentReworkRate);
        }).ToList();
        return new TeamSummary(team, [.. ordered.Select(a => a.Application)], query.From, query.To, query.AsOf, TeamPooling,
            pooled.DeploymentFrequency, pooled.LeadTimeForChanges, pooled.ChangeFailureRate, pooled.FailedDeploymentRecoveryTime,
            pooled.DeploymentReworkRate, pooled.Weeks, perApplication);
    }

    private static List<ClassifiedDeployment> Select(IEnumerable<ClassifiedDeployment> rows, DoraQuery query) =>
        [.. rows.Where(r => query.Contains(r.Time) && (query.Environment is null || r.Environment == query.Environment))];

    private static bool FullCoverage(ApplicationClassification classification, DoraQuery query) =>
        (query.CoveredFrom ?? classification.CoveredFrom) is { } covered && covered <= query.From;

    private static void Check(DoraQuery query)
    {
        if (query.To <= query.From) throw new ArgumentException($"the window must end after it starts ({query.From:O} .. {query.To:O})", nameof(query));
    }

    private static DoraDiagnostics Diagnostics(ApplicationClassification classification, List<ClassifiedDeployment> rows, DoraQuery query)
    {
        var selectedExecutions = rows.Select(r => r.ExecutionId).ToHashSet(StringComparer.Ordinal);
        bool Excluded(ClassifiedDeployment r) => r.Classification is DeploymentClasses.NoDeployStage or DeploymentClasses.NonProductionDeployment
            or DeploymentClasses.NoProductionChange or DeploymentClasses.NoopRedeploy;
        ExecutionItem Item(ClassifiedDeployment r) => new(r.ExecutionId, r.Environment, r.Time);

        return new DoraDiagnostics(
            DuplicateDeliveries: [.. classification.Duplicates
                .Where(d => query.Environment is null ? query.Contains(d.Time) : selectedExecutions.Contains(d.ExecutionId))
                .Select(d => new DuplicateDeliveryItem(d.ExecutionId, d.Deliveries, d.DistinctStates))],
            UnmappedAccounts: [.. classification.UnmappedAccounts.Where(u => query.Contains(u.Time))
                .GroupBy(u => u.Account, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new UnmappedAccountItem(g.Key, g.Select(u => u.ExecutionId).Distinct(StringComparer.Ordinal).Count()))],
            DeploymentsWithoutChangeInfo: [.. rows.Where(r => r.IsChange && r.ChangeInfoGap is not null)
                .Select(r => new MissingChangeInfoItem(r.ExecutionId, r.Environment, r.Classification, r.ChangeInfoGap!))],
            NegativeLeadTimes: rows.Where(r => r.IsSuccessful).Sum(r => r.NegativeLeadTimes),
            RollbackRemediations: [.. rows.Where(r => r.IsRollback)
                .Select(r => new RollbackRemediationItem(r.ExecutionId, r.Environment, r.Time, r.RemediationKind!, r.Remediates, r.RestoredVersion))],
            NoopRedeploys: [.. rows.Where(r => r.Classification == DeploymentClasses.NoopRedeploy)
                .Select(r => new NoopRedeployItem(r.ExecutionId, r.Environment, r.Time, r.Version))],
            UnattributedChangeIncidents: [.. classification.Incidents.Where(i => i.Kind == IncidentFinding.Unattributed && query.Contains(i.StartedAt))
                .Select(i => new IncidentItem(i.IncidentId, i.StartedAt, i.Reason!))],
            NonChangeIncidents: [.. classification.Incidents.Where(i => i.Kind == IncidentFinding.NonChange && query.Contains(i.StartedAt))
                .Select(i => new IncidentItem(i.IncidentId, i.StartedAt, i.Reason!))],
            OpenFailures: [.. rows.Where(r => r.IsOpenFailure)
                .Select(r => new OpenFailureItem(r.ExecutionId, r.Environment, r.Time,
                    Statistics.Seconds(Math.Max(0, VersionHistoryWalk.Seconds(query.AsOf - r.Time)))!.Value, r.OpenReason!))],
            TerminatedAfterDeploy: [.. rows.Where(r => r.Notes.Contains(DeploymentNotes.TerminatedAfterDeploy)).Select(Item)],
            PartialRollouts: [.. rows.Where(r => r.Notes.Contains(DeploymentNotes.PartialRollout)).Select(Item)],
            RemediationIncidentGaps: [.. rows.Where(r => r.RemediationIncidentGapSeconds is not null)
                .Select(r => new RemediationIncidentGapItem(r.ExecutionId, r.Environment, Statistics.Seconds(r.RemediationIncidentGapSeconds)!.Value))],
            ExcludedExecutions: [.. rows.Where(Excluded).Select(r => new ExcludedExecutionItem(r.ExecutionId, r.Environment, r.Classification))]);
    }
}
