using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Contracts.Rollback.V1;

/// <summary>
/// A pipeline ended <c>TERMINAL</c>, <c>CANCELED</c> or <c>STOPPED</c> and no incident of that pipeline was open: one
/// opened, carrying the deploy context. Later failures within the window join it (no new event). MessageId =
/// <see cref="EventId"/>.
/// </summary>
/// <param name="EventId">Deterministic id (tenant and <see cref="IncidentId"/>).</param>
/// <param name="IncidentId">The incident: derived from the pipeline and the execution that opened it.</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="PipelineConfigId">The failing pipeline's configuration id.</param>
/// <param name="PipelineName">Its name.</param>
/// <param name="ExecutionId">The execution that failed.</param>
/// <param name="Status">Its final status.</param>
/// <param name="OpenedAt">When it failed (the execution's end).</param>
/// <param name="FailedStages">The stages that failed, with Orca's error messages.</param>
/// <param name="Trigger">What started the failed execution.</param>
/// <param name="LastSuccessfulExecutionId">The last successful execution of the same pipeline before it, when Mesh saw one.</param>
/// <param name="Changes">What changed since that execution: versions, artifacts, commits.</param>
/// <param name="CanceledBy">For a canceled execution: who canceled it (Orca's <c>canceledBy</c>).</param>
/// <param name="CancellationReason">For a canceled execution: the reason given, when one was.</param>
public sealed record IncidentOpened(
    Guid EventId,
    string IncidentId,
    string Tenant,
    string Application,
    string? PipelineConfigId,
    string? PipelineName,
    string ExecutionId,
    string Status,
    DateTimeOffset OpenedAt,
    IReadOnlyList<IncidentFailedStage> FailedStages,
    TriggerInfo? Trigger,
    string? LastSuccessfulExecutionId,
    IReadOnlyList<IncidentChange> Changes,
    string? CanceledBy = null,
    string? CancellationReason = null);

/// <summary>A stage of the failed execution that failed.</summary>
public sealed record IncidentFailedStage(string StageId, string? Name, string? Type, string Status, IReadOnlyList<string> Errors);

/// <summary>One difference between the failed execution and the last successful one.</summary>
/// <param name="Kind"><c>version</c>, <c>artifact</c>, <c>commit</c>, <c>parameter</c> or <c>trigger</c>.</param>
/// <param name="Name">What changed, e.g. an artifact name or a parameter key.</param>
/// <param name="Before">Its value in the last successful execution (null when it was absent).</param>
/// <param name="After">Its value in the failed execution (null when it is gone).</param>
public sealed record IncidentChange(string Kind, string Name, string? Before, string? After);

/// <summary>The next successful execution of the pipeline resolved its open incident. MessageId = <see cref="EventId"/>.</summary>
/// <param name="EventId">Deterministic id (tenant and <see cref="IncidentId"/>).</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="PipelineConfigId">The pipeline's configuration id.</param>
/// <param name="PipelineName">Its name.</param>
/// <param name="ResolvedByExecutionId">The successful execution.</param>
/// <param name="OpenedAt">When the incident opened.</param>
/// <param name="ResolvedAt">When the successful execution ended.</param>
/// <param name="RecoveryMs">Time from opened to resolved, in milliseconds.</param>
/// <param name="FailedExecutionIds">Every failed execution the incident gathered, in order.</param>
public sealed record IncidentResolved(
    Guid EventId,
    string IncidentId,
    string Tenant,
    string Application,
    string? PipelineConfigId,
    string? PipelineName,
    string ResolvedByExecutionId,
    DateTimeOffset OpenedAt,
    DateTimeOffset ResolvedAt,
    long RecoveryMs,
    IReadOnlyList<string> FailedExecutionIds);
