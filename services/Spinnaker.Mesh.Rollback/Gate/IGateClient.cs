namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// Spinnaker Gate, as the rollback service uses it: start a pipeline with a manual trigger naming Mesh, and list an
/// application's recent executions (to find out, after a crash, whether a start Mesh intended reached Orca).
/// Authenticates as configured under <c>Mesh:Gate</c>; never logs or returns a secret.
/// </summary>
internal interface IGateClient
{
    /// <summary>
    /// <c>POST {gate}/pipelines/{application}/{pipelineNameOrId}</c> with a <c>manual</c> trigger: <c>user</c> (the
    /// configured run-as user, else <c>spinnaker-mesh</c>), <c>meshDecisionId</c>, <c>meshReason</c>, and
    /// <c>parameters</c> = <see cref="GatePipelineTrigger.Parameters"/> plus <c>meshDecisionId</c>.
    /// </summary>
    /// <exception cref="GateCallException">Gate refused the call, answered something unreadable, or could not be reached.</exception>
    Task<GateTriggerResult> TriggerPipelineAsync(GatePipelineTrigger trigger, CancellationToken cancellationToken);

    /// <summary>The application's most recent pipeline executions, newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="GateCallException">As for <see cref="TriggerPipelineAsync"/>.</exception>
    Task<IReadOnlyList<GateExecution>> RecentExecutionsAsync(string application, int limit, CancellationToken cancellationToken);
}

/// <summary>A pipeline start Mesh asks Gate for.</summary>
/// <param name="Application">Application that owns the rollback pipeline.</param>
/// <param name="PipelineNameOrId">The rollback pipeline's name or config id.</param>
/// <param name="DecisionId">The Mesh decision this start carries out (put into the trigger, found again by <see cref="IGateClient.RecentExecutionsAsync"/>).</param>
/// <param name="Reason">Why Mesh rolls back, in words (put into the trigger).</param>
/// <param name="Parameters">Pipeline parameters, placeholders already filled.</param>
internal sealed record GatePipelineTrigger(
    string Application, string PipelineNameOrId, string DecisionId, string Reason, IReadOnlyDictionary<string, string> Parameters);

/// <summary>What Gate answered to a start: the execution id from its <c>ref</c> (<c>/pipelines/{id}</c>), when it gave one.</summary>
internal sealed record GateTriggerResult(string? ExecutionId);

/// <summary>One execution as Gate lists it.</summary>
/// <param name="DecisionId">The trigger's <c>meshDecisionId</c> (or <c>parameters.meshDecisionId</c>), for executions Mesh started.</param>
internal sealed record GateExecution(
    string ExecutionId, string? PipelineName, string? PipelineConfigId, string Status, DateTimeOffset? StartTime, string? DecisionId);

/// <summary>A Gate call that did not succeed.</summary>
/// <param name="message">What went wrong, without credentials.</param>
/// <param name="statusCode">Gate's HTTP status, when it answered.</param>
/// <param name="retryable">True for what a later call may not meet again: no connection, a timeout, 429, 502, 503, 504.</param>
internal sealed class GateCallException(string message, int? statusCode, bool retryable, Exception? inner = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;
    public bool Retryable { get; } = retryable;
}
