using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;

namespace Spinnaker.Mesh.Rollback.Incidents.Api;

/// <summary><c>GET /api/incidents</c>: newest first (by when they opened).</summary>
internal sealed record IncidentList(IReadOnlyList<IncidentSummary> Incidents);

/// <summary>An incident in a list: what it is about and where it stands; its context is at <c>GET /api/incidents/{id}</c>.</summary>
/// <param name="RecoveryMs">From opened to resolved; null while open.</param>
internal sealed record IncidentSummary(
    string IncidentId,
    string Application,
    string? PipelineConfigId,
    string? PipelineName,
    string Status,
    string OpenedByExecutionId,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastFailedAt,
    int FailureCount,
    DateTimeOffset? ResolvedAt,
    string? ResolvedByExecutionId,
    long? RecoveryMs)
{
    public static IncidentSummary Of(Incident i) => new(
        i.IncidentId, i.Application, i.PipelineConfigId, i.PipelineName, i.Status, i.OpenedByExecutionId, i.OpenedAt, i.LastFailedAt,
        i.Failures.Count, i.ResolvedAt, i.ResolvedByExecutionId, i.RecoveryMs);
}

/// <summary>
/// One incident with its deploy context: the opening failure's failed stages, trigger, last successful execution and
/// what changed since, and every failed execution it gathered (each with its own context), in the order they ended.
/// </summary>
/// <param name="FirstFailedAt">The earliest failure's end: before <paramref name="OpenedAt"/> when a failure that ended earlier arrived later.</param>
internal sealed record IncidentDetail(
    string IncidentId,
    string Application,
    string? PipelineConfigId,
    string? PipelineName,
    string Status,
    string OpenedByExecutionId,
    DateTimeOffset OpenedAt,
    DateTimeOffset FirstFailedAt,
    DateTimeOffset LastFailedAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedByExecutionId,
    long? RecoveryMs,
    string? ExecutionStatus,
    IReadOnlyList<IncidentFailedStage> FailedStages,
    TriggerInfo? Trigger,
    string? CanceledBy,
    string? CancellationReason,
    string? LastSuccessfulExecutionId,
    IReadOnlyList<IncidentChange> Changes,
    IReadOnlyList<IncidentFailure> FailedExecutions)
{
    public static IncidentDetail Of(Incident i)
    {
        var opening = i.Opening;
        return new(i.IncidentId, i.Application, i.PipelineConfigId, i.PipelineName, i.Status, i.OpenedByExecutionId, i.OpenedAt,
            i.FirstFailedAt, i.LastFailedAt, i.ResolvedAt, i.ResolvedByExecutionId, i.RecoveryMs, opening?.Status,
            opening?.FailedStages ?? [], opening?.Trigger, opening?.CanceledBy, opening?.CancellationReason,
            opening?.LastSuccessfulExecutionId, opening?.Changes ?? [], i.Failures);
    }
}
