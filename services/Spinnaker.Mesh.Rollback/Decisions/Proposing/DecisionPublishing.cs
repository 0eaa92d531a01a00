using MassTransit;
using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Decisions.Proposing;

/// <summary>Publishes a decision's committed steps, each with MessageId = EventId so subscribers deduplicate a repeat.</summary>
internal static class DecisionPublishing
{
    public static async Task PublishAsync(IPublishEndpoint publisher, IReadOnlyList<object> steps, CancellationToken ct)
    {
        foreach (var step in steps)
        {
            var id = EventIdOf(step);
            await publisher.Publish(step, step.GetType(), p => p.MessageId = id, ct);
        }
    }

    public static Guid EventIdOf(object step) => step switch
    {
        RollbackProposed e => e.EventId,
        RollbackNotActionable e => e.EventId,
        RollbackApproved e => e.EventId,
        RollbackRejected e => e.EventId,
        _ => throw new InvalidOperationException($"{step.GetType().Name} is no decision step this service publishes."),
    };
}
