namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>What started an execution.</summary>
/// <param name="Type">Trigger type: <c>manual</c>, <c>jenkins</c>, <c>docker</c>, <c>git</c>, <c>pipeline</c>, <c>cron</c>, <c>webhook</c>, <c>none</c>...</param>
/// <param name="User">User Orca recorded (<c>[anonymous]</c> for automated triggers).</param>
/// <param name="ParentExecutionId">For a <c>pipeline</c> trigger: the execution that started this one.</param>
/// <param name="ParentPipelineStageId">For a child pipeline: the parent's <c>pipeline</c> stage that started it.</param>
/// <param name="CorrelationId">Trigger correlation id, when set.</param>
/// <param name="BuildNumber">CI build number for Jenkins-like triggers.</param>
/// <param name="CommitSha">Source revision, when the trigger names one (git hash or the first SCM sha of a CI build).</param>
/// <param name="Branch">Branch the trigger names (git trigger <c>branch</c>), when stated.</param>
/// <param name="Scm">For CI triggers: every <c>buildInfo.scm[]</c> revision, in order.</param>
/// <param name="Parameters"><c>trigger.parameters</c>, values as text (objects and lists as JSON).</param>
/// <param name="Artifacts"><c>trigger.resolvedExpectedArtifacts</c> bound artifacts, then <c>trigger.artifacts</c>, without repeats.</param>
/// <param name="ParentTrigger">For a <c>pipeline</c> trigger: the parent execution's trigger (<c>trigger.parentExecution.trigger</c>), recursively.</param>
public sealed record TriggerInfo(
    string Type,
    string? User,
    string? ParentExecutionId,
    string? ParentPipelineStageId,
    string? CorrelationId,
    int? BuildNumber,
    string? CommitSha,
    string? Branch = null,
    IReadOnlyList<ScmInfo>? Scm = null,
    IReadOnlyDictionary<string, string>? Parameters = null,
    IReadOnlyList<ArtifactInfo>? Artifacts = null,
    TriggerInfo? ParentTrigger = null);
