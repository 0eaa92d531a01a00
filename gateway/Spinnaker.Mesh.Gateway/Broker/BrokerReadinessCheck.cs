using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>Ready only when a webhook could be accepted right now: connected, and the exchange declared.</summary>
internal sealed class BrokerReadinessCheck(BrokerConnection broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsReady
            ? HealthCheckResult.Healthy($"connected; exchange {BrokerOptions.Exchange} declared")
            : HealthCheckResult.Unhealthy("RabbitMQ is not connected or the exchange is not declared yet"));
}
