namespace Spinnaker.Mesh.Rollback.Rollbacks;

/// <summary>
/// What one execution event showed of a rollback: an event of the rollback's stream (<see cref="RollbackStreams"/>).
/// Snapshots arrive late, twice and out of order; <see cref="RollbackView"/> folds them: a later observation refines
/// an earlier one, an earlier one only fills gaps, and the first final status ends the rollback.
/// </summary>
/// <param name="EventId">Deterministic (tenant, rollback, the execution event it was read from): a redelivery is the same observation.</param>
/// <param name="SourceEventId">The execution event (ingest's EventId).</param>
/// <param name="RollbackId">The execution id, and <c>:{stageId}</c> when a stage is the rollback.</param>
/// <param name="ObservedAt">The execution event's time (Orca's), which orders observations.</param>
/// <param name="Final">The status is a completed one: the rollback ended.</param>
internal sealed record RollbackRecognized(
    Guid EventId,
    Guid SourceEventId,
    string RollbackId,
    string Application,
    string ExecutionId,
    string? PipelineName,
    string Kind,
    string? StageId,
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
    bool Final,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? DecisionId,
    DateTimeOffset ObservedAt);
