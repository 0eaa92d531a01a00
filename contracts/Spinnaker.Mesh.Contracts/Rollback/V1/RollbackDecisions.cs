namespace Spinnaker.Mesh.Contracts.Rollback.V1;

// Every step of an automated-rollback decision, published after it was committed to the decision's stream, with
// MessageId = EventId (deterministic: tenant, decision id and step). A decision starts from one signal (a failed canary,
// a degraded deployment, a pipeline that failed after it deployed, a duration regression) matched against the
// application's rollback policy, and is either not actionable or proposed; a proposal is approved (by an operator in
// `confirm` mode, at once in `auto` mode) or rejected, then triggered through Spinnaker Gate at most once, and ends
// succeeded or failed with the rollback execution Echo reports.

/// <summary>Where a decision would roll back: the deployment that the signal blames.</summary>
/// <param name="ExecutionId">The execution that deployed the version to roll back.</param>
/// <param name="Cluster">Cluster (or Kubernetes manifest) it deployed to.</param>
/// <param name="Account">Account.</param>
/// <param name="Region">Region, when stated.</param>
/// <param name="Namespace">Kubernetes namespace, when stated.</param>
/// <param name="FromVersion">The version it deployed (to roll back).</param>
/// <param name="ToVersion">The last known-good version of that target (to return to).</param>
public sealed record RollbackTarget(
    string? ExecutionId, string? Cluster, string? Account, string? Region, string? Namespace, string? FromVersion, string? ToVersion);

/// <summary>A signal matched the policy and the deployment is actionable: a rollback is proposed.</summary>
/// <param name="EventId">Deterministic id (MessageId).</param>
/// <param name="DecisionId">The decision.</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="Trigger"><c>canaryFail</c>, <c>deploymentDegraded</c>, <c>pipelineFailedAfterDeploy</c> or <c>durationRegression</c>.</param>
/// <param name="SignalId">Id of the signal (canary judgment, impact assessment, execution, regression event).</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Target">The deployment to roll back.</param>
/// <param name="Mode"><c>auto</c> or <c>confirm</c>.</param>
/// <param name="RollbackApplication">Application of the rollback pipeline to start.</param>
/// <param name="RollbackPipeline">Name or id of the rollback pipeline.</param>
/// <param name="Parameters">The pipeline parameters with the placeholders filled.</param>
/// <param name="ProposedAt">When it was proposed.</param>
public sealed record RollbackProposed(
    Guid EventId, string DecisionId, string Tenant, string Application, string Trigger, string SignalId, string Reason,
    RollbackTarget Target, string Mode, string RollbackApplication, string RollbackPipeline,
    IReadOnlyDictionary<string, string> Parameters, DateTimeOffset ProposedAt);

/// <summary>A signal matched the policy but Mesh will not roll back: the reason says why (nothing deployed, no known-good version, cooldown, ...).</summary>
public sealed record RollbackNotActionable(
    Guid EventId, string DecisionId, string Tenant, string Application, string Trigger, string SignalId, string Reason,
    RollbackTarget Target, DateTimeOffset DecidedAt);

/// <summary>A proposal was approved: by an operator (confirm mode) or by the policy (auto mode, <paramref name="By"/> = <c>policy</c>).</summary>
public sealed record RollbackApproved(
    Guid EventId, string DecisionId, string Tenant, string Application, string By, string? Comment, DateTimeOffset ApprovedAt);

/// <summary>An operator rejected a proposal; nothing is triggered.</summary>
public sealed record RollbackRejected(
    Guid EventId, string DecisionId, string Tenant, string Application, string By, string? Comment, DateTimeOffset RejectedAt);

/// <summary>Gate accepted the rollback pipeline's start; <paramref name="RollbackExecutionId"/> is the execution Orca created, when Gate named it.</summary>
/// <param name="EventId">Deterministic id (MessageId).</param>
/// <param name="DecisionId">The decision.</param>
/// <param name="Tenant">Mesh tenant.</param>
/// <param name="Application">Spinnaker application.</param>
/// <param name="RollbackApplication">Application of the rollback pipeline.</param>
/// <param name="RollbackPipeline">Name or id of the rollback pipeline.</param>
/// <param name="RollbackExecutionId">The rollback execution Orca created, when known.</param>
/// <param name="Attempts">Calls made to Gate for this decision (1 unless earlier calls failed before Gate accepted).</param>
/// <param name="Reconciled">True when the execution was found among Gate's recent executions after a restart, not from a call's answer.</param>
/// <param name="TriggeredAt">When Gate accepted the start.</param>
public sealed record RollbackTriggered(
    Guid EventId, string DecisionId, string Tenant, string Application, string RollbackApplication, string RollbackPipeline,
    string? RollbackExecutionId, int Attempts, bool Reconciled, DateTimeOffset TriggeredAt);

/// <summary>The rollback execution Mesh triggered succeeded.</summary>
public sealed record RollbackSucceeded(
    Guid EventId, string DecisionId, string Tenant, string Application, string RollbackExecutionId, DateTimeOffset CompletedAt);

/// <summary>
/// The decision failed: Gate refused or stayed unreachable after the configured retries (<paramref name="RollbackExecutionId"/>
/// null), or the rollback execution ended unsuccessfully.
/// </summary>
public sealed record RollbackFailed(
    Guid EventId, string DecisionId, string Tenant, string Application, string? RollbackExecutionId, string Reason, DateTimeOffset FailedAt);
