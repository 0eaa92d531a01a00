using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>Ready only when a webhook could be accepted right now: connected, and every webhook exchange declared.</summary>
internal sealed class BrokerReadinessCheck(BrokerConnection broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsReady
            ? HealthCheckResult.Healthy($"connected; exchanges {string.Join(", ", broker.Exchanges)} declared")
            : HealthCheckResult.Unhealthy("RabbitMQ is not connected or the webhook exchanges are not declared yet"));
}
