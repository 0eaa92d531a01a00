namespace Spinnaker.Mesh.Contracts.Rollback.V1;

/// <summary>
/// The rollback service saw a rollback end: a rollback stage (<c>rollbackServerGroup</c>, <c>rollbackCluster</c>,
/// <c>undoRolloutManifest</c>, Orca's synthetic rollback after a failed deploy), a pipeline configured as a rollback
/// pipeline, or a rollback Mesh itself triggered. Published once per rollback when it reaches a final status, with
/// MessageId = <see cref="EventId"/>.
/// </summary>
/// <param name="EventId">Deterministic id (tenant and <see cref="RollbackId"/>).</param>
/// <param name="RollbackId">The rollback: its execution id, and the rollback stage's id when a stage is the rollback.</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application of the rolled-back cluster.</param>
/// <param name="ExecutionId">The execution that performed the rollback.</param>
/// <param name="PipelineName">That execution's pipeline name.</param>
/// <param name="Kind">How it was recognized: <c>rollbackServerGroup</c>, <c>rollbackCluster</c>, <c>undoRolloutManifest</c>,
/// <c>deployFailureRollback</c> (Orca's synthetic rollback after a failed deploy), <c>rollbackPipeline</c> (by name or policy)
/// or <c>meshTriggered</c>.</param>
/// <param name="Cluster">Cluster (or, on Kubernetes, the manifest) rolled back.</param>
/// <param name="Account">Account of that cluster.</param>
/// <param name="Region">Region, when stated.</param>
/// <param name="Namespace">Kubernetes namespace, when stated.</param>
/// <param name="Automatic">True when no person started it (Orca's rollback on failure, a pipeline trigger, Mesh's decision).</param>
/// <param name="TriggeredBy">Who started it: the user of a manual trigger, <c>spinnaker-mesh</c>, or the parent pipeline.</param>
/// <param name="Reason">Why, when known: the failed parent execution's error, Mesh's decision reason, the failed deploy.</param>
/// <param name="FromVersion">The version rolled back (server group, image tag, manifest revision).</param>
/// <param name="ToVersion">The version restored.</param>
/// <param name="Status">Final status (Orca's <c>ExecutionStatus</c> name) of the rollback stage or execution.</param>
/// <param name="StartedAt">When the rollback started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="DecisionId">The Mesh rollback decision that triggered it, for <c>meshTriggered</c> rollbacks.</param>
/// <param name="PrecedingAnomalies">What Mesh saw on the same application and cluster in the window before the rollback.</param>
public sealed record RollbackObserved(
    Guid EventId,
    string RollbackId,
    string Tenant,
    string Application,
    string ExecutionId,
    string? PipelineName,
    string Kind,
    string? Cluster,
    string? Account,
    string? Region,
    string? Namespace,
    bool Automatic,
    string? TriggeredBy,
    string? Reason,
    string? FromVersion,
    string? ToVersion,
    string Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? DecisionId,
    IReadOnlyList<PrecedingAnomaly> PrecedingAnomalies);

/// <summary>Something Mesh saw on the application or cluster shortly before a rollback.</summary>
/// <param name="Kind"><c>canaryFail</c>, <c>canaryMarginal</c>, <c>deploymentDegraded</c>, <c>stageFailed</c> or <c>durationRegression</c>.</param>
/// <param name="At">When it happened.</param>
/// <param name="Summary">One line for a person, e.g. "canary score 41 (Fail) for checkout-api, config latency".</param>
/// <param name="ExecutionId">The execution it belongs to, when one.</param>
/// <param name="Reference">The id of what Mesh recorded (canary judgment id, stage id, regression event id).</param>
public sealed record PrecedingAnomaly(string Kind, DateTimeOffset At, string Summary, string? ExecutionId, string? Reference);
