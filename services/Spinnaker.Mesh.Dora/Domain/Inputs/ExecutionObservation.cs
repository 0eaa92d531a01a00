namespace Spinnaker.Mesh.Dora.Domain.Inputs;

/// <summary>
/// A terminal execution as the DORA domain needs it: its trigger (where the deployed commit comes from) and its stages
/// (which deploy, roll back or verify, on which account, with what outcome). Built from the normalized terminal
/// execution event by <see cref="ExecutionObservations.From"/>; members the contracts do not carry yet (trigger
/// parameters, artifacts, the parent's trigger, a rollback's restored version) are here for the plumbing to fill.
/// </summary>
/// <param name="ExecutionId">Orca execution id: the deployment's identity (dora.md §3.3).</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="ExecutionType"><c>PIPELINE</c> or <c>ORCHESTRATION</c>.</param>
/// <param name="PipelineName">Pipeline name (orchestration description); hotfix patterns match it.</param>
/// <param name="Status">Execution status, e.g. <c>SUCCEEDED</c>, <c>TERMINAL</c>, <c>CANCELED</c>.</param>
/// <param name="StartTime">Execution start.</param>
/// <param name="EndTime">Execution end.</param>
/// <param name="ObservedAt">The event's <c>OccurredAt</c>: orders two terminal deliveries of one execution.</param>
/// <param name="EventId">The event's deterministic id: the last tie-breaker between deliveries.</param>
/// <param name="Trigger">What started the execution.</param>
/// <param name="Stages">Every stage, synthetic ones included.</param>
internal sealed record ExecutionObservation(
    string ExecutionId,
    string Application,
    string ExecutionType,
    string? PipelineName,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    DateTimeOffset ObservedAt,
    Guid EventId,
    TriggerObservation Trigger,
    IReadOnlyList<StageObservation> Stages)
{
    /// <summary>When the execution happened, for executions that deployed nothing: its end, else its start, else the event.</summary>
    public DateTimeOffset ExecutionTime => EndTime ?? StartTime ?? ObservedAt;
}

/// <summary>The trigger, with everything §3.4 resolves the deployed commit from.</summary>
/// <param name="Type"><c>git</c>, <c>jenkins</c>, <c>pipeline</c>, <c>manual</c>, <c>webhook</c>...</param>
/// <param name="Hash">For a git trigger: <c>trigger.hash</c>.</param>
/// <param name="Branch">The trigger's branch (git trigger <c>branch</c>); hotfix patterns match it.</param>
/// <param name="Scm">For CI triggers: <c>trigger.buildInfo.scm[]</c> (sha1 and branch of each).</param>
/// <param name="Parameters"><c>trigger.parameters</c>, values as text.</param>
/// <param name="Artifacts"><c>trigger.resolvedExpectedArtifacts</c> and <c>trigger.artifacts</c>.</param>
/// <param name="ParentExecutionId">For a pipeline trigger: the parent execution.</param>
/// <param name="Parent">For a pipeline trigger: the parent's trigger (<c>trigger.parentExecution.trigger</c>), recursively.</param>
internal sealed record TriggerObservation(
    string Type,
    string? Hash,
    string? Branch,
    IReadOnlyList<ScmRevision> Scm,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ArtifactObservation> Artifacts,
    string? ParentExecutionId,
    TriggerObservation? Parent)
{
    public static TriggerObservation Unknown { get; } =
        new("unknown", null, null, [], new Dictionary<string, string>(), [], null, null);
}

/// <summary>One <c>buildInfo.scm[]</c> entry of a CI trigger.</summary>
internal sealed record ScmRevision(string Sha1, string? Branch);

/// <summary>A kork artifact: <c>type</c>, <c>name</c>, <c>version</c>, <c>reference</c>, <c>metadata</c>.</summary>
internal sealed record ArtifactObservation(
    string Type,
    string? Name,
    string? Version,
    string? Reference,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>One stage, with what classification reads from it.</summary>
/// <param name="Id">Stage id.</param>
/// <param name="Type">Stage type, e.g. <c>deployManifest</c>, <c>rollbackServerGroup</c>, <c>kayentaCanary</c>.</param>
/// <param name="Name">Stage name.</param>
/// <param name="Status">Stage status.</param>
/// <param name="StartTime">Stage start.</param>
/// <param name="EndTime">Stage end.</param>
/// <param name="Account">Target account (<c>context.account</c>, <c>credentials</c>, <c>clusters[].account</c>).</param>
/// <param name="Cluster">Target cluster.</param>
/// <param name="Regions">Target regions.</param>
/// <param name="ParentStageId">For a synthetic stage: its parent.</param>
/// <param name="Errors">Error messages of the stage: the evidence of an in-pipeline failure.</param>
/// <param name="IsCanary">A canary deploy (a canary cluster, or under a canary stage): see <c>canaryCatchIsFailure</c>.</param>
/// <param name="PartiallyApplied">The stage applied its change and then failed waiting for it to become stable (§3.10.2).</param>
/// <param name="RestoredVersion">For a rollback stage: the version (commit sha) it restored, when it says.</param>
/// <param name="Artifacts">Artifacts bound to the stage (deployed manifests and images).</param>
internal sealed record StageObservation(
    string Id,
    string? Type,
    string? Name,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    string? Account,
    string? Cluster,
    IReadOnlyList<string> Regions,
    string? ParentStageId,
    IReadOnlyList<string> Errors,
    bool IsCanary = false,
    bool PartiallyApplied = false,
    string? RestoredVersion = null,
    IReadOnlyList<ArtifactObservation>? Artifacts = null);
