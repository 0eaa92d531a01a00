using System.Text.Json.Serialization;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Incidents.Domain;

internal static class IncidentStatus
{
    public const string Open = "open";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Open, Resolved];
}

/// <summary>One failed execution an incident gathered, with its own deploy context.</summary>
/// <param name="FailedAt">When it ended.</param>
/// <param name="LastSuccessfulExecutionId">The last successful execution of the pipeline that ended before it.</param>
/// <param name="Changes">What changed since that execution.</param>
internal sealed record IncidentFailure(
    string ExecutionId,
    string Status,
    DateTimeOffset FailedAt,
    IReadOnlyList<IncidentFailedStage> FailedStages,
    TriggerInfo? Trigger,
    string? LastSuccessfulExecutionId,
    IReadOnlyList<IncidentChange> Changes,
    string? CanceledBy,
    string? CancellationReason);

/// <summary>
/// A failed execution joined an incident that was opened by another (or the same execution failed again later, after
/// a restart). No contract event: subscribers learn the whole list from <see cref="IncidentResolved.FailedExecutionIds"/>.
/// </summary>
internal sealed record IncidentFailureJoined(Guid EventId, string IncidentId, IncidentFailure Failure);

/// <summary>
/// One incident, folded from its stream (<c>incident:{incidentId}</c>): Marten keeps it as an inline snapshot, so the
/// API and the next decision read it in the transaction that appended. Also folded in memory by the domain specs.
/// </summary>
internal sealed class Incident
{
    /// <summary>The stream key, <c>incident:{incidentId}</c>.</summary>
    public string Id { get; set; } = "";
    public string IncidentId { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string Application { get; set; } = "";
    public string PipelineKey { get; set; } = "";
    public string? PipelineConfigId { get; set; }
    public string? PipelineName { get; set; }
    public string Status { get; set; } = IncidentStatus.Open;
    public string OpenedByExecutionId { get; set; } = "";
    /// <summary>The end of the failure that opened the incident, as <see cref="IncidentOpened"/> published it; never moves.</summary>
    public DateTimeOffset OpenedAt { get; set; }
    /// <summary>The end of the earliest failure gathered: before <see cref="OpenedAt"/> when a failure that ended earlier arrived later.</summary>
    public DateTimeOffset FirstFailedAt { get; set; }
    public DateTimeOffset LastFailedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedByExecutionId { get; set; }
    public long? RecoveryMs { get; set; }
    /// <summary>Every failed execution, by the time it ended.</summary>
    public List<IncidentFailure> Failures { get; set; } = [];
    public long Version { get; set; }

    [JsonIgnore]
    public bool IsOpen => Status == IncidentStatus.Open;

    /// <summary>The failure that opened the incident (its context is the incident's).</summary>
    [JsonIgnore]
    public IncidentFailure? Opening => Failures.FirstOrDefault(f => f.ExecutionId == OpenedByExecutionId);

    public bool Holds(string executionId) => Failures.Any(f => f.ExecutionId == executionId);

    /// <summary>A copy to fold further events into, leaving this one as it was.</summary>
    public Incident Copy()
    {
        var copy = (Incident)MemberwiseClone();
        copy.Failures = [.. Failures];
        return copy;
    }

    public void Apply(IncidentOpened e)
    {
        Id = IncidentIds.StreamKey(e.IncidentId);
        IncidentId = e.IncidentId;
        Tenant = e.Tenant;
        Application = e.Application;
        PipelineConfigId = e.PipelineConfigId;
        PipelineName = e.PipelineName;
        PipelineKey = PipelineIdentity.Of(e.Tenant, e.Application, e.PipelineConfigId, e.PipelineName)?.Key ?? "";
        Status = IncidentStatus.Open;
        OpenedByExecutionId = e.ExecutionId;
        OpenedAt = e.OpenedAt;
        Add(new IncidentFailure(e.ExecutionId, e.Status, e.OpenedAt, e.FailedStages, e.Trigger, e.LastSuccessfulExecutionId, e.Changes,
            e.CanceledBy, e.CancellationReason));
    }

    public void Apply(IncidentFailureJoined e) => Add(e.Failure);

    public void Apply(IncidentResolved e)
    {
        Status = IncidentStatus.Resolved;
        ResolvedAt = e.ResolvedAt;
        ResolvedByExecutionId = e.ResolvedByExecutionId;
        RecoveryMs = e.RecoveryMs;
    }

    /// <summary>Adds a failure in end-time order; the same execution failing again replaces its earlier entry.</summary>
    private void Add(IncidentFailure failure)
    {
        Failures.RemoveAll(f => f.ExecutionId == failure.ExecutionId);
        Failures.Add(failure);
        Failures.Sort((a, b) => a.FailedAt.CompareTo(b.FailedAt) is var c and not 0 ? c : string.CompareOrdinal(a.ExecutionId, b.ExecutionId));
        FirstFailedAt = Failures[0].FailedAt;
        LastFailedAt = Failures[^1].FailedAt;
    }
}
