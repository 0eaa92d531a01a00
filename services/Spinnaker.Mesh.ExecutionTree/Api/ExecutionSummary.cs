using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary>One execution in <c>GET /api/executions</c>: what a list shows, without the tree.</summary>
internal sealed record ExecutionSummary(
    string Id,
    string Application,
    string? PipelineName,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long? DurationMs,
    string? TriggerType,
    TemplateInfo? Template);
