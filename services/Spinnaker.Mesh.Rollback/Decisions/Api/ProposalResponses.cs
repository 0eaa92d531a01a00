using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;

namespace Spinnaker.Mesh.Rollback.Decisions.Api;

/// <summary>A rollback decision as the proposals API answers it.</summary>
/// <param name="Id">The decision id (<c>/api/rollbacks/proposals/{id}</c>).</param>
/// <param name="Status">One of <see cref="DecisionStatus.All"/>.</param>
/// <param name="Version">The decision stream's version: each step adds one.</param>
internal sealed record Proposal(
    string Id, string Application, string Status, string Trigger, string SignalId, string Reason, RollbackTarget Target, string? Mode,
    string? RollbackApplication, string? RollbackPipeline, IReadOnlyDictionary<string, string> Parameters, DateTimeOffset DecidedAt,
    string? ApprovedBy, string? RejectedBy, string? Comment, DateTimeOffset? ActedAt, int Attempts, string? LastError,
    string? RollbackExecutionId, DateTimeOffset? TriggeredAt, DateTimeOffset? CompletedAt, string? FailureReason, int Version)
{
    public static Proposal Of(RollbackDecision d) => new(
        d.DecisionId, d.Application, d.Status, d.Trigger, d.SignalId, d.Reason, d.Target, d.Mode, d.RollbackApplication, d.RollbackPipeline,
        d.Parameters, d.DecidedAt, d.ApprovedBy, d.RejectedBy, d.Comment, d.ActedAt, d.Attempts, d.LastError, d.RollbackExecutionId,
        d.TriggeredAt, d.CompletedAt, d.FailureReason, d.Version);
}

/// <summary><c>GET /api/rollbacks/proposals</c>: newest first.</summary>
internal sealed record ProposalList(IReadOnlyList<Proposal> Proposals);

/// <summary>The optional body of approve and reject.</summary>
/// <param name="Comment">Why, for the record.</param>
/// <param name="By">Who acted, when the <c>X-Mesh-User</c> header does not say.</param>
internal sealed record ProposalActionBody(string? Comment, string? By);
