namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>The execution an event belongs to, as Orca saw it when it sent the event.</summary>
/// <param name="Tenant">Mesh tenant that received the event.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="ExecutionId">Orca execution id (a ULID for current Orca).</param>
/// <param name="ExecutionType"><c>PIPELINE</c> or <c>ORCHESTRATION</c>.</param>
/// <param name="PipelineName">Pipeline name; for an orchestration, its description.</param>
/// <param name="PipelineConfigId">Id of the pipeline configuration; null for orchestrations.</param>
/// <param name="Status">Execution status (Orca's <c>ExecutionStatus</c> name), e.g. <c>RUNNING</c>, <c>SUCCEEDED</c>, <c>TERMINAL</c>.</param>
/// <param name="StartTime">Execution start (UTC), if it started.</param>
/// <param name="EndTime">Execution end (UTC), if it ended.</param>
/// <param name="Trigger">What started the execution.</param>
/// <param name="Template">Managed pipeline template, when the execution came from one.</param>
/// <param name="Canceled">Whether the execution was canceled.</param>
/// <param name="CanceledBy">Who canceled it.</param>
/// <param name="CancellationReason">Why it was canceled.</param>
public sealed record ExecutionInfo(
    string Tenant,
    string Application,
    string ExecutionId,
    string ExecutionType,
    string? PipelineName,
    string? PipelineConfigId,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    TriggerInfo? Trigger,
    TemplateInfo? Template,
    bool Canceled,
    string? CanceledBy,
    string? CancellationReason);
