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
/// <param name="ParentExecution">For a <c>pipeline</c> trigger: what the parent execution was when it started this one (<c>trigger.parentExecution</c>).</param>
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
    TriggerInfo? ParentTrigger = null,
    ParentExecutionInfo? ParentExecution = null);

/// <summary>
/// The execution that started a child through a <c>pipeline</c> trigger, as the child's trigger carries it: a downstream
/// pipeline triggered on the parent's failure (a rollback pipeline, typically) learns from it why and what to undo.
/// </summary>
/// <param name="Application">The parent's application.</param>
/// <param name="PipelineName">The parent's pipeline name.</param>
/// <param name="Status">The parent's status at that moment (Orca's <c>ExecutionStatus</c> name), e.g. <c>TERMINAL</c>.</param>
/// <param name="Errors">Error messages of the parent's failed stages (<c>TERMINAL</c>, <c>FAILED_CONTINUE</c>, <c>STOPPED</c>, <c>CANCELED</c>), in stage order.</param>
/// <param name="Deployed">Artifacts the parent's deploy stages deployed (as <see cref="StageInfo.Artifacts"/> reads them), when any.</param>
public sealed record ParentExecutionInfo(
    string? Application,
    string? PipelineName,
    string? Status,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ArtifactInfo>? Deployed = null);
