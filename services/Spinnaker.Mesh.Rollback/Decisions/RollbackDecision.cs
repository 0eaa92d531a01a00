using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Decisions;

/// <summary>
/// One automated-rollback decision, folded from its stream (<see cref="DecisionStreams.StreamKey"/>): Marten keeps it
/// as an inline snapshot document, so the proposals API and the executor read it in the same transaction that appends.
/// </summary>
internal sealed class RollbackDecision
{
    /// <summary>Marten's document id: the stream key (<c>rollback-decision:{decisionId}</c>), which Marten gives an inline snapshot.</summary>
    public string Id { get; set; } = "";
    /// <summary>The decision's own id, as the API, the contracts and Gate's trigger name it.</summary>
    public string DecisionId { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string Application { get; set; } = "";
    public string Status { get; set; } = "";
    public string Trigger { get; set; } = "";
    public string SignalId { get; set; } = "";
    public string Reason { get; set; } = "";
    public RollbackTarget Target { get; set; } = new(null, null, null, null, null, null, null);
    public string? Mode { get; set; }
    public string? RollbackApplication { get; set; }
    public string? RollbackPipeline { get; set; }
    public Dictionary<string, string> Parameters { get; set; } = [];
    public DateTimeOffset DecidedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public string? RejectedBy { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset? ActedAt { get; set; }
    /// <summary>Gate calls intended so far (the last one may have no outcome yet: <see cref="DecisionStatus.Triggering"/>).</summary>
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string? RollbackExecutionId { get; set; }
    public DateTimeOffset? TriggeredAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? FailureReason { get; set; }
    public int Version { get; set; }

    public void Apply(RollbackProposed e)
    {
        Begin(e.DecisionId, e.Tenant, e.Application, e.Trigger, e.SignalId, e.Reason, e.Target, e.ProposedAt);
        Status = DecisionStatus.Proposed;
        Mode = e.Mode;
        RollbackApplication = e.RollbackApplication;
        RollbackPipeline = e.RollbackPipeline;
        Parameters = new Dictionary<string, string>(e.Parameters);
    }

    public void Apply(RollbackNotActionable e)
    {
        Begin(e.DecisionId, e.Tenant, e.Application, e.Trigger, e.SignalId, e.Reason, e.Target, e.DecidedAt);
        Status = DecisionStatus.NotActionable;
    }

    public void Apply(RollbackApproved e)
    {
        Status = DecisionStatus.Approved;
        ApprovedBy = e.By;
        Comment = e.Comment;
        ActedAt = e.ApprovedAt;
    }

    public void Apply(RollbackRejected e)
    {
        Status = DecisionStatus.Rejected;
        RejectedBy = e.By;
        Comment = e.Comment;
        ActedAt = e.RejectedAt;
    }

    public void Apply(RollbackTriggerIntended e)
    {
        Status = DecisionStatus.Triggering;
        Attempts = e.Attempt;
    }

    public void Apply(RollbackTriggerAttemptFailed e)
    {
        // Back to approved while another attempt may follow; a final refusal is a RollbackFailed after it.
        Status = DecisionStatus.Approved;
        LastError = e.Error;
    }

    public void Apply(RollbackTriggered e)
    {
        Status = DecisionStatus.Triggered;
        RollbackExecutionId = e.RollbackExecutionId;
        TriggeredAt = e.TriggeredAt;
    }

    public void Apply(RollbackSucceeded e)
    {
        Status = DecisionStatus.Succeeded;
        RollbackExecutionId = e.RollbackExecutionId;
        CompletedAt = e.CompletedAt;
    }

    public void Apply(RollbackFailed e)
    {
        Status = DecisionStatus.Failed;
        RollbackExecutionId = e.RollbackExecutionId ?? RollbackExecutionId;
        FailureReason = e.Reason;
        CompletedAt = e.FailedAt;
    }

    private void Begin(string id, string tenant, string application, string trigger, string signalId, string reason, RollbackTarget target, DateTimeOffset at)
    {
        DecisionId = id;
        Tenant = tenant;
        Application = application;
        Trigger = trigger;
        SignalId = signalId;
        Reason = reason;
        Target = target;
        DecidedAt = at;
    }
}
