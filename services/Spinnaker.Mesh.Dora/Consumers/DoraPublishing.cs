using MassTransit;
using Spinnaker.Mesh.Dora.Store;

namespace Spinnaker.Mesh.Dora.Consumers;

/// <summary>Publishes what a commit produced, each with MessageId = EventId so subscribers deduplicate a repeat.</summary>
internal static class DoraPublishing
{
    public static async Task PublishAsync(IPublishEndpoint publisher, DoraPublications published, CancellationToken ct)
    {
        foreach (var deployment in published.Deployments.DistinctBy(d => d.EventId))
            await publisher.Publish(deployment, p => p.MessageId = deployment.EventId, ct);
        foreach (var failure in published.ChangeFailures.DistinctBy(f => f.EventId))
            await publisher.Publish(failure, p => p.MessageId = failure.EventId, ct);
    }

    public static bool Redelivered(ConsumeContext context) => context.GetRetryAttempt() > 0 || context.ReceiveContext.Redelivered;
}
