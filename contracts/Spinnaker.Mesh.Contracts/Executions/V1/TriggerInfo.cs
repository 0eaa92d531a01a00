namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>What started an execution.</summary>
/// <param name="Type">Trigger type: <c>manual</c>, <c>jenkins</c>, <c>docker</c>, <c>git</c>, <c>pipeline</c>, <c>cron</c>, <c>webhook</c>, <c>none</c>...</param>
/// <param name="User">User Orca recorded (<c>[anonymous]</c> for automated triggers).</param>
/// <param name="ParentExecutionId">For a <c>pipeline</c> trigger: the execution that started this one.</param>
/// <param name="ParentPipelineStageId">For a child pipeline: the parent's <c>pipeline</c> stage that started it.</param>
/// <param name="CorrelationId">Trigger correlation id, when set.</param>
/// <param name="BuildNumber">CI build number for Jenkins-like triggers.</param>
/// <param name="CommitSha">Source revision, when the trigger names one (git hash or the first SCM sha of a CI build).</param>
public sealed record TriggerInfo(
    string Type,
    string? User,
    string? ParentExecutionId,
    string? ParentPipelineStageId,
    string? CorrelationId,
    int? BuildNumber,
    string? CommitSha);
