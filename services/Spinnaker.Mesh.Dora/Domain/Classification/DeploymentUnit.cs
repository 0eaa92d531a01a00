using Spinnaker.Mesh.Dora.Domain.Inputs;

namespace Spinnaker.Mesh.Dora.Domain.Classification;

/// <summary>
/// One execution in one environment while it is being classified: the classification steps fill it in order
/// (stage rules, version history, hotfixes, incidents, recovery), then it becomes a <see cref="ClassifiedDeployment"/>.
/// </summary>
internal sealed class DeploymentUnit(ExecutionObservation execution, string? environment, DateTimeOffset time)
{
    public ExecutionObservation Execution { get; } = execution;
    public string ExecutionId => Execution.ExecutionId;
    public string? Environment { get; } = environment;

    /// <summary>Null while rules 7–9 (version history) have yet to decide.</summary>
    public string? Classification { get; set; }

    public DateTimeOffset Time { get; set; } = time;
    public DateTimeOffset? DeploymentTime { get; set; }
    public string? Sha { get; set; }
    public string? Version { get; set; }

    /// <summary>End of a SUCCEEDED production rollback stage of the same execution, for a failed deployment.</summary>
    public DateTimeOffset? InPipelineRollbackEnd { get; set; }

    public List<ChangeLeadTime> ChangeSet { get; } = [];
    public int NegativeLeadTimes { get; set; }
    public string? ChangeInfoGap { get; set; }
    public List<FailureSignal> Signals { get; } = [];

    /// <summary>Remediations that ended this failure: (completion, basis, remediating execution).</summary>
    public List<(DateTimeOffset Time, string Basis, string By)> Remediations { get; } = [];

    /// <summary>Change incidents attributed to it (S1, S4).</summary>
    public List<IncidentObservation> Incidents { get; } = [];

    public Recovery? Recovery { get; set; }
    public string? OpenReason { get; set; }
    public string? Remediates { get; set; }
    public string? RemediationKind { get; set; }
    public string? RestoredVersion { get; set; }
    public double? RemediationIncidentGapSeconds { get; set; }
    public List<string> Notes { get; } = [];

    public bool IsChange => Classification is { } c && DeploymentClasses.IsChange(c);

    public ClassifiedDeployment ToRow() => new(
        ExecutionId, Execution.Application, Environment, Classification!, Time, DeploymentTime, Sha, Version,
        [.. ChangeSet.OrderBy(c => c.CommitTime).ThenBy(c => c.Sha, StringComparer.Ordinal)], NegativeLeadTimes,
        ChangeInfoGap, Signals.Count > 0, [.. Signals], Recovery, OpenReason, Remediates, RemediationKind,
        RestoredVersion, RemediationIncidentGapSeconds, [.. Notes]);

    /// <summary>The order everything is decided in: deployment time, then ids, never arrival.</summary>
    public static readonly IComparer<DeploymentUnit> ByTime = Comparer<DeploymentUnit>.Create((a, b) =>
    {
        var byTime = a.Time.CompareTo(b.Time);
        if (byTime != 0) return byTime;
        var byId = string.CompareOrdinal(a.ExecutionId, b.ExecutionId);
        return byId != 0 ? byId : string.CompareOrdinal(a.Environment, b.Environment);
    });
}
