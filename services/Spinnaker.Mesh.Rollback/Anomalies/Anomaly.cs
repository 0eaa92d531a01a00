using Spinnaker.Mesh.Contracts.Rollback.V1;

namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>
/// One thing that went wrong on an application, kept under the id of the message that reported it (a redelivery is the
/// same anomaly). <paramref name="Cluster"/> is null for what concerns the whole application (a pipeline that got
/// slower); <see cref="ClusterKey"/> is what rollbacks are matched on.
/// </summary>
internal sealed record Anomaly(
    Guid EventId,
    string Tenant,
    string Application,
    string? Cluster,
    string Kind,
    DateTimeOffset At,
    string Summary,
    string? ExecutionId,
    string? Reference)
{
    public string? ClusterKey => Anomalies.ClusterKey.Of(Cluster);

    public PrecedingAnomaly ToPreceding() => new(Kind, At, Summary, ExecutionId, Reference);
}
