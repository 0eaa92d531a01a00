using MassTransit;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;

namespace Spinnaker.Mesh.Rollback.Signals;

/// <summary>What every signal consumer does once it knows its signal: decide, commit, then publish.</summary>
internal static class SignalDecisions
{
    public static async Task DecideAsync(ConsumeContext context, RollbackProposer proposer, RollbackSignal signal)
    {
        var redelivered = context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered;
        var steps = await proposer.DecideAsync(signal, redelivered, context.CancellationToken);
        await DecisionPublishing.PublishAsync(context, steps, context.CancellationToken);
    }
}
