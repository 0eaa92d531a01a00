using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// Walks one (application, environment)'s production units in deployment-time order, keeping the version history
/// (§3.2) and the commits already in production (§3.4): decides rules 7–9 (no-op redeploy, version-based rollback,
/// successful deployment), the change sets and lead times, and the rollback signal S2.
/// </summary>
internal sealed class VersionHistoryWalk
{
    /// <summary>A version that ran; <see cref="Change"/> is the deployment that pushed it (null for the baseline and rollbacks).</summary>
    private sealed record Entry(string? Version, DeploymentUnit? Change);

    private readonly List<Entry> _history = [];
    private readonly HashSet<string> _covered = new(StringComparer.Ordinal);
    private readonly CommitGraph _graph;
    private DoraBaseline? _pendingBaseline;
    private bool _baselineKnown;
    private string? _boundarySha;

    private VersionHistoryWalk(CommitGraph graph, DoraBaseline? baseline)
    {
        _graph = graph;
        _pendingBaseline = baseline;
    }

    /// <param name="units">The environment's failed, candidate and stage-rollback units.</param>
    /// <param name="graph">The application's commits.</param>
    /// <param name="baseline">The configured baseline, if any.</param>
    public static void Run(IEnumerable<DeploymentUnit> units, CommitGraph graph, DoraBaseline? baseline)
    {
        var walk = new VersionHistoryWalk(graph, baseline);
        foreach (var unit in units.Order(DeploymentUnit.ByTime))
        {
            walk.ApplyBaselineBefore(unit.Time);
            switch (unit.Classification)
            {
                case DeploymentClasses.FailedProductionDeployment:
                    // Without an in-pipeline rollback the failed version keeps running; its commits wait for the next success.
                    if (unit.InPipelineRollbackEnd is null) walk._history.Add(new Entry(unit.Version, unit));
                    if (unit.Sha is null) unit.ChangeInfoGap = ChangeInfoGaps.NoSha;
                    break;
                case DeploymentClasses.RollbackRemediation:
                    walk.StageRollback(unit);
                    break;
                case null:
                    walk.Decide(unit);
                    break;
            }
        }
    }

    /// <summary>The baseline is a history entry at its <c>deployedAt</c> (or before everything when it has none).</summary>
    private void ApplyBaselineBefore(DateTimeOffset time)
    {
        if (_pendingBaseline is not { } baseline || (baseline.DeployedAt is { } at && time < at)) return;
        _history.Add(new Entry(baseline.Sha, null));
        _graph.Uncovered(baseline.Sha, _covered);
        _boundarySha = baseline.Sha;
        _baselineKnown = true;
        _pendingBaseline = null;
    }

    /// <summary>
    /// A rollback stage restores the version that ran before the currently running deployment, which is the change
    /// it marks (S2). A rollback that names its version restores that one.
    /// </summary>
    private void StageRollback(DeploymentUnit rollback)
    {
        var index = _history.Count - 1;
        var target = index >= 0 ? _history[index].Change : null;
        var restored = rollback.RestoredVersion ?? (target is not null && index > 0 ? _history[index - 1].Version : null);
        rollback.RestoredVersion = restored;
        if (target is not null)
            MarkRolledBack(target, rollback,
                $"rollback {rollback.ExecutionId} restored the version that ran before this deployment" + (restored is null ? "" : $" ({restored})"));
        _history.Add(new Entry(restored, null));
    }

    private void Decide(DeploymentUnit unit)
    {
        var current = _history.Count > 0 ? _history[^1].Version : null;
        if (unit.Version is not null && unit.Version == current)
        {
            unit.Classification = DeploymentClasses.NoopRedeploy; // rule 7
            return;
        }

        var earlier = unit.Version is null ? -1 : _history.FindLastIndex(e => e.Version == unit.Version);
        if (earlier >= 0)
        {
            // Rule 8, after Datadog: the change marked is the first deployment after the last one of the restored version.
            unit.Classification = DeploymentClasses.RollbackRemediation;
            unit.RemediationKind = RemediationKinds.RollbackVersion;
            unit.RestoredVersion = unit.Version;
            var target = _history.Skip(earlier + 1).Select(e => e.Change).FirstOrDefault(c => c is not null);
            if (target is not null)
                MarkRolledBack(target, unit, $"rollback {unit.ExecutionId} redeployed {unit.Version}, which ran before this deployment");
            _history.Add(new Entry(unit.Version, null));
            return;
        }

        unit.Classification = DeploymentClasses.SuccessfulProductionDeployment; // rule 9
        _history.Add(new Entry(unit.Version, unit));
        ResolveChangeSet(unit);
    }

    private static void MarkRolledBack(DeploymentUnit target, DeploymentUnit rollback, string description)
    {
        rollback.Remediates = target.ExecutionId;
        target.Signals.Add(new FailureSignal(FailureSignals.Rollback, new FailureEvidence(description,
            RemediationExecutionId: rollback.ExecutionId, SecondsAfterDeployment: Seconds(rollback.Time - target.Time))));
        target.Remediations.Add((rollback.Time, RecoveryBases.Rollback, rollback.ExecutionId));
    }

    /// <summary>§3.4: commits reachable from the sha and not from any earlier successful head or the baseline, merges excluded.</summary>
    private void ResolveChangeSet(DeploymentUnit unit)
    {
        if (unit.Sha is not { } sha)
        {
            unit.ChangeInfoGap = ChangeInfoGaps.NoSha;
            return;
        }
        if (!_baselineKnown)
        {
            // Without a baseline the first successful deployment establishes it: no history is credited to it.
            _graph.Uncovered(sha, _covered);
            _baselineKnown = true;
            _boundarySha = sha;
            unit.Notes.Add(DeploymentNotes.BaselineEstablished);
            return;
        }

        var previousUnknown = _boundarySha is not null && !_graph.Contains(_boundarySha);
        var commits = _graph.Uncovered(sha, _covered);
        _boundarySha = sha;
        if (!_graph.Contains(sha)) { unit.ChangeInfoGap = ChangeInfoGaps.ShaNotInCommitHistory; return; }
        // Nothing bounds the walk below an unknown previous head: crediting all that history here would be wrong.
        if (previousUnknown) { unit.ChangeInfoGap = ChangeInfoGaps.PreviousShaNotInCommitHistory; return; }

        foreach (var commit in commits)
        {
            if (commit.IsMerge || commit.Time is not { } time) continue;
            var lead = Seconds(unit.Time - time);
            if (lead < 0) unit.NegativeLeadTimes++; // clock skew or bad data (§3.4); zero is kept
            else unit.ChangeSet.Add(new ChangeLeadTime(commit.Sha, time.ToUniversalTime(), lead));
        }
    }

    public static double Seconds(TimeSpan span) => span.Ticks / (double)TimeSpan.TicksPerSecond;
}

/// <summary>Why a deployment's change set is unknown (reported as <c>deploymentsWithoutChangeInfo</c>).</summary>
internal static class ChangeInfoGaps
{
    public const string NoSha = "no_sha";
    public const string ShaNotInCommitHistory = "sha_not_in_commit_history";
    public const string PreviousShaNotInCommitHistory = "previous_sha_not_in_commit_history";
}
