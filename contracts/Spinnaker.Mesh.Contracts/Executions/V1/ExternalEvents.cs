namespace Spinnaker.Mesh.Contracts.Executions.V1;

// Echo re-broadcasts events that are not about an execution: CI builds polled by Igor, inbound webhooks (git pushes),
// manual starts from Gate. Ingest keeps them, normalized, because change lead time and change timelines need them.

/// <summary>A CI build Igor observed (<c>details.type: build</c>).</summary>
public sealed record CiBuildObserved(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string? Master, string Job, int? BuildNumber,
    bool Building, string? Result, string? Url, long? DurationMs);

/// <summary>A source push Echo received on <c>/webhooks/git/{source}</c>.</summary>
public sealed record GitPushObserved(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string? Source, string? RepoProject, string? Slug,
    string? Branch, string? CommitSha, string? Action);

/// <summary>Someone asked Gate to start a pipeline (<c>details.type: manual</c>).</summary>
public sealed record ManualTriggerRequested(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string Application, string PipelineNameOrId,
    string? User, string? ExecutionId);

/// <summary>Any other Echo event (docker, helm, plugin, pubsub, generic webhooks...), kept with its source and type.</summary>
public sealed record ExternalEventObserved(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string? Source, string Type, string? Application, string? EchoEventId);
