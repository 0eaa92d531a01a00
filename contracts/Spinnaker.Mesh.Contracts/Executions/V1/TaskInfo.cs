namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>One task of a stage.</summary>
/// <param name="Id">Task id within its stage ("1", "2", ...).</param>
/// <param name="Name">Task name, e.g. <c>waitForManifestToStabilize</c>.</param>
/// <param name="Status">Task status (Orca's <c>ExecutionStatus</c> name).</param>
/// <param name="StartTime">When the task started (UTC).</param>
/// <param name="EndTime">When the task ended (UTC).</param>
/// <param name="Error">Error message from <c>taskExceptionDetails</c>, if the task threw.</param>
public sealed record TaskInfo(
    string Id,
    string Name,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    string? Error);
