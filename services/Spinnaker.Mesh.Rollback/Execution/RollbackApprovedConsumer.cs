using MassTransit;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// Carries out a decision once it is approved (<see cref="RollbackApproved"/>, published by this service after the
/// approval committed). A redelivery or a second copy finds the decision triggered, in another process's hands, or
/// with an intent to reconcile: nothing is called twice. On a redelivery the published steps of the decision are
/// published again from the outbox's leftovers (the first delivery may have died between commit and publish).
/// </summary>
internal sealed partial class RollbackApprovedConsumer(DecisionExecutor executor, ExecutionOutbox outbox, TimeProvider clock, ILogger<RollbackApprovedConsumer> log)
    : IConsumer<RollbackApproved>
{
    public async Task Consume(ConsumeContext<RollbackApproved> context)
    {
        var approved = context.Message;
        var (outcome, status) = await executor.CarryOutAsync(approved.Tenant, approved.DecisionId, context, context.CancellationToken);
        LogCarried(log, approved.DecisionId, approved.Tenant, outcome, status);
        if (context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered)
            await outbox.PublishLeftoversAsync(context, clock.GetUtcNow(), context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approved decision {DecisionId} of tenant {Tenant}: {Outcome} ({Status})")]
    private static partial void LogCarried(ILogger logger, string decisionId, string tenant, CarryOutcome outcome, string? status);
}

/// <summary>The executor's own queue, <see cref="Queue"/>.</summary>
internal sealed class RollbackApprovedConsumerDefinition : ConsumerDefinition<RollbackApprovedConsumer>
{
    public const string Queue = "rollback-decision-execution";

    public RollbackApprovedConsumerDefinition() => EndpointName = Queue;
}
