using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spinnaker.Mesh.CanaryJudge.Kayenta;

/// <summary>
/// Kayenta's <c>GET /canary/{id}</c> answer (<c>CanaryExecutionStatusResponse.java</c>). <see cref="Result"/> is
/// present only when the execution is complete and succeeded; a failed one carries <see cref="Exception"/>.
/// </summary>
public sealed record CanaryExecutionStatus
{
    public string? Application { get; init; }
    public string? ParentPipelineExecutionId { get; init; }
    public string? PipelineId { get; init; }
    /// <summary>Stage refId → lowercase Orca status.</summary>
    public IReadOnlyDictionary<string, string>? StageStatus { get; init; }
    public bool Complete { get; init; }
    /// <summary>Lowercase Orca execution status: not_started, running, succeeded, terminal, canceled, ...</summary>
    public string? Status { get; init; }
    public CanaryExecutionException? Exception { get; init; }
    public CanaryResult? Result { get; init; }
    public CanaryConfig? Config { get; init; }
    public string? CanaryConfigId { get; init; }
    public CanaryExecutionRequest? CanaryExecutionRequest { get; init; }
    public string? MetricSetPairListId { get; init; }
    public long? BuildTimeMillis { get; init; }
    public string? BuildTimeIso { get; init; }
    public long? StartTimeMillis { get; init; }
    public string? StartTimeIso { get; init; }
    public long? EndTimeMillis { get; init; }
    public string? EndTimeIso { get; init; }
    public string? StorageAccountName { get; init; }
    public string? MetricsAccountName { get; init; }
    public string? ConfigurationAccountName { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary><c>result</c>: the judge's result and the canary's duration (ISO-8601, e.g. <c>PT1H</c>).</summary>
public sealed record CanaryResult
{
    public CanaryJudgeResult? JudgeResult { get; init; }
    public string? CanaryDuration { get; init; }
    public string? ParentPipelineExecutionId { get; init; }
}

/// <summary>Why an execution failed, as Orca records a task's exception.</summary>
public sealed record CanaryExecutionException
{
    public long? Timestamp { get; init; }
    public string? ExceptionType { get; init; }
    public string? Operation { get; init; }
    public CanaryExceptionDetails? Details { get; init; }
    public bool? ShouldRetry { get; init; }
}

public sealed record CanaryExceptionDetails
{
    public string? StackTrace { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string>? Errors { get; init; }
}

/// <summary>The execution request (<c>CanaryExecutionRequest.java</c>): scopes by name, thresholds, extras.</summary>
public sealed record CanaryExecutionRequest
{
    public IReadOnlyDictionary<string, CanaryScopePair>? Scopes { get; init; }
    public CanaryClassifierThresholdsConfig? Thresholds { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? SiteLocal { get; init; }
    public JsonElement? Metadata { get; init; }
}

public sealed record CanaryScopePair
{
    public CanaryScope? ControlScope { get; init; }
    public CanaryScope? ExperimentScope { get; init; }
}

/// <summary>One side's scope: which server group (scope) where (location), when, at which step (seconds).</summary>
public sealed record CanaryScope
{
    public string? Scope { get; init; }
    public string? Location { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public long? Step { get; init; }
    public IReadOnlyDictionary<string, string?>? ExtendedScopeParams { get; init; }
}
