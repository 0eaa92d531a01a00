using MassTransit;
using Microsoft.Extensions.Options;

namespace Spinnaker.Mesh.Rollback.Incidents.Consumers;

/// <summary>The incidents' own queue, <see cref="Queue"/>, consumed <see cref="IncidentOptions.ConcurrentMessageLimit"/> at a time.</summary>
internal sealed class IncidentExecutionConsumerDefinition : ConsumerDefinition<IncidentExecutionConsumer>
{
    public const string Queue = "rollback-incidents";

    public IncidentExecutionConsumerDefinition(IOptions<IncidentOptions> options)
    {
        EndpointName = Queue;
        ConcurrentMessageLimit = options.Value.ConcurrentMessageLimit;
    }
}
