namespace Spinnaker.Mesh.Contracts.Executions.V1;

/// <summary>One stage of an execution, with what Mesh extracted from its context.</summary>
/// <param name="Id">Stage id (a ULID).</param>
/// <param name="RefId">Reference id used by <see cref="RequisiteStageRefIds"/>; synthetic stages look like <c>1&lt;1</c> or <c>1&gt;2</c>.</param>
/// <param name="Type">Stage type, e.g. <c>deployManifest</c>, <c>bake</c>, <c>manualJudgment</c>.</param>
/// <param name="Name">Stage name.</param>
/// <param name="Status">Stage status (Orca's <c>ExecutionStatus</c> name).</param>
/// <param name="StartTime">When the stage started (UTC).</param>
/// <param name="EndTime">When the stage ended (UTC).</param>
/// <param name="RequisiteStageRefIds">Upstream stages in the DAG.</param>
/// <param name="ParentStageId">For a synthetic stage: its parent stage.</param>
/// <param name="SyntheticStageOwner"><c>STAGE_BEFORE</c>, <c>STAGE_AFTER</c> or null.</param>
/// <param name="CloudProvider">Cloud provider from the context.</param>
/// <param name="Account">Account (or credentials) from the context.</param>
/// <param name="Regions">Regions from the context (<c>region</c>, <c>regions</c>, <c>deploy.server.groups</c>).</param>
/// <param name="Cluster">Cluster from the context.</param>
/// <param name="ServerGroup">Server group from the context, when one is named.</param>
/// <param name="Errors">Error messages found in the context and its tasks.</param>
/// <param name="Tasks">Tasks of the stage (empty until the stage starts).</param>
/// <param name="Judgment">Manual-judgment decision, for <c>manualJudgment</c> stages that have one.</param>
/// <param name="ChildExecutionId">For a <c>pipeline</c> stage: the execution it started.</param>
/// <param name="Canary">For <c>kayentaCanary</c> and <c>runCanary</c> stages: the canary analysis their context describes.</param>
/// <param name="Accounts">Every account the stage targets (<c>account</c>, <c>credentials</c>, each <c>clusters[].account</c>), when it names more than <see cref="Account"/>.</param>
/// <param name="Artifacts">Artifacts the stage deployed or restored (bound manifests and images of deploy stages, <c>outputs.manifests</c> images, a rollback's target), when it names any.</param>
/// <param name="Namespace">Kubernetes namespace the stage targets (<c>namespaceOverride</c>, <c>location</c>, <c>manifest.location</c>, the manifests' <c>metadata.namespace</c>), when it names one.</param>
/// <param name="Rollback">For rollback stages: what they roll back and restore.</param>
public sealed record StageInfo(
    string Id,
    string? RefId,
    string? Type,
    string? Name,
    string Status,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    IReadOnlyList<string> RequisiteStageRefIds,
    string? ParentStageId,
    string? SyntheticStageOwner,
    string? CloudProvider,
    string? Account,
    IReadOnlyList<string> Regions,
    string? Cluster,
    string? ServerGroup,
    IReadOnlyList<string> Errors,
    IReadOnlyList<TaskInfo> Tasks,
    JudgmentInfo? Judgment,
    string? ChildExecutionId,
    CanaryInfo? Canary = null,
    IReadOnlyList<string>? Accounts = null,
    IReadOnlyList<ArtifactInfo>? Artifacts = null,
    string? Namespace = null,
    RollbackInfo? Rollback = null);
