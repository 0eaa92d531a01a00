namespace Spinnaker.Mesh.Contracts.Executions.V1;

// Echo re-broadcasts events that are not about an execution: CI builds polled by Igor, inbound webhooks (git pushes),
// manual starts from Gate. Ingest keeps them, normalized, because change lead time and change timelines need them.

/// <summary>A CI build Igor observed (<c>details.type: build</c>).</summary>
public sealed record CiBuildObserved(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string? Master, string Job, int? BuildNumber,
    bool Building, string? Result, string? Url, long? DurationMs);

/// <summary>A source push Echo received on <c>/webhooks/git/{source}</c>.</summary>
/// <param name="EventId">Deterministic id of this event.</param>
/// <param name="OccurredAt">When Echo received the push.</param>
/// <param name="Tenant">Tenant of the receipt.</param>
/// <param name="Source"><c>github</c>, <c>gitlab</c>, <c>bitbucket</c>, <c>stash</c>... (<c>details.source</c>).</param>
/// <param name="RepoProject">Repository owner or project (Echo's <c>repoProject</c>).</param>
/// <param name="Slug">Repository name (Echo's <c>slug</c>).</param>
/// <param name="Branch">Pushed branch.</param>
/// <param name="CommitSha">Head after the push (Echo's <c>hash</c>).</param>
/// <param name="Action">Echo's <c>action</c>, e.g. <c>push:push</c>.</param>
/// <param name="Commits">The pushed commits (<c>payload.commits[]</c> of a GitHub or GitLab push: <c>id</c>,
/// <c>timestamp</c>), oldest first as the SCM lists them; null when the push lists none.</param>
/// <param name="Before">The branch head before the push (<c>payload.before</c>); all zeros for a new branch.</param>
public sealed record GitPushObserved(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string? Source, string? RepoProject, string? Slug,
    string? Branch, string? CommitSha, string? Action,
    IReadOnlyList<GitCommitInfo>? Commits = null,
    string? Before = null);

/// <summary>One commit of a push.</summary>
/// <param name="Sha">Commit id.</param>
/// <param name="Parents">
/// Parents <b>inferred from push order</b>, since GitHub and GitLab push payloads do not list them: the first commit's
/// parent is the push's <c>before</c> (none for a new branch), each next commit's parent is the one listed before it.
/// That is exact for a linear push; for a push that brings in a merge, the merged commits appear in the list too and
/// their inferred chain is not the real graph. <c>POST /webhooks/commits</c> carries the real parents.
/// </param>
/// <param name="AuthoredAt">The commit's <c>timestamp</c> (author time, with its offset); null when absent or without an offset.</param>
public sealed record GitCommitInfo(string Sha, IReadOnlyList<string> Parents, DateTimeOffset? AuthoredAt);

/// <summary>Someone asked Gate to start a pipeline (<c>details.type: manual</c>).</summary>
public sealed record ManualTriggerRequested(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string Application, string PipelineNameOrId,
    string? User, string? ExecutionId);

/// <summary>Any other Echo event (docker, helm, plugin, pubsub, generic webhooks...), kept with its source and type.</summary>
public sealed record ExternalEventObserved(
    Guid EventId, DateTimeOffset OccurredAt, string Tenant, string? Source, string Type, string? Application, string? EchoEventId);
