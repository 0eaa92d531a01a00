using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>
/// The DORA inputs as event streams, per tenant: <c>app:{application}</c> holds the application's terminal execution
/// deliveries (the normalized events themselves, so a better mapping applies to stored history on the next
/// classification), its incident reports and the commits the generic webhook named it for; <c>repo:{repository}</c>
/// holds the commits of GitHub and GitLab pushes, which name a repository and reach applications through the
/// <c>repositories</c> setting (so changing the mapping re-assigns stored commits).
/// </summary>
internal static class DoraStreams
{
    /// <summary>Stable Marten aliases: never rename one (stored events are read back by alias).</summary>
    public static IReadOnlyList<(string Alias, Type Type)> Events { get; } =
    [
        ("dora.pipeline-completed.v1", typeof(PipelineCompleted)),
        ("dora.orchestration-completed.v1", typeof(OrchestrationCompleted)),
        ("dora.commit-recorded.v1", typeof(CommitRecorded)),
        ("dora.incident-recorded.v1", typeof(IncidentRecorded)),
    ];

    private static readonly Guid CommitIds = new("6f0f8f43-0c53-4d8e-9a41-3f1b7d2f5a01");
    private static readonly Guid IncidentIds = new("2b7c1e58-8e1d-4a4f-b3a9-6d0c2e9f7b02");

    public static string Application(string application) => "app:" + application;

    /// <summary>Repository names compare case-insensitively (GitHub's and GitLab's do).</summary>
    public static string Repository(string repository) => "repo:" + repository.ToLowerInvariant();

    /// <summary>A terminal execution delivery, under the normalized event's own id: the same delivery is stored once.</summary>
    public static PendingEvent Delivery(IExecutionEvent evt) =>
        new(evt.Execution.Tenant, Application(evt.Execution.Application), evt.EventId, evt);

    /// <summary>A commit, once per stream and sha: a commit reported again (a re-push, a redelivery) appends nothing.</summary>
    public static PendingEvent Commit(string tenant, string streamId, CommitRecorded commit) =>
        new(tenant, streamId, DeterministicId.FromParts(CommitIds, tenant, streamId, commit.Sha), commit);

    /// <summary>An incident report, once per receipt: every state of an incident is kept, the latest receipt wins.</summary>
    public static PendingEvent Incident(string tenant, IncidentRecorded incident) =>
        new(tenant, Application(incident.Application),
            DeterministicId.FromParts(IncidentIds, tenant, incident.ReceiptId.ToString("N"), incident.IncidentId), incident);
}

/// <summary>A commit as a push or the generic webhook reported it.</summary>
/// <param name="Application">Set when the report named the application (the generic webhook); null for pushes.</param>
/// <param name="Source"><c>github</c>, <c>gitlab</c>, <c>commits</c> or <c>echo</c>.</param>
internal sealed record CommitRecorded(
    string Sha,
    IReadOnlyList<string> Parents,
    DateTimeOffset? AuthoredAt,
    DateTimeOffset? CommittedAt,
    string Repository,
    string? Application,
    string Source,
    Guid ReceiptId);

/// <summary>One report of an incident (<c>POST /webhooks/incidents</c>); a later receipt of the same id replaces it.</summary>
internal sealed record IncidentRecorded(
    Guid ReceiptId,
    DateTimeOffset ReceivedAt,
    string IncidentId,
    string Application,
    string Source,
    bool ChangeCaused,
    string? LinkedExecutionId,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    string? CausedBySha);
