using JasperFx.Events.Projections;
using Marten;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Incidents.Domain;

namespace Spinnaker.Mesh.Rollback.Incidents.Store;

/// <summary>
/// The incident streams (<c>incident:{incidentId}</c>): their events under stable aliases (never rename one: stored
/// events are read back by alias), the inline <see cref="Incident"/> snapshot, and the run history table.
/// </summary>
internal static class IncidentStreams
{
    public static readonly IReadOnlyList<(string Alias, Type Type)> Events =
    [
        ("rollback.incident.opened.v1", typeof(IncidentOpened)),
        ("rollback.incident.failure-joined.v1", typeof(IncidentFailureJoined)),
        ("rollback.incident.resolved.v1", typeof(IncidentResolved)),
    ];

    public static void Configure(StoreOptions options)
    {
        foreach (var (alias, type) in Events) options.Events.MapEventType(type, alias);
        options.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline);
        options.Schema.For<Incident>()
            .DocumentAlias("incident")
            .Index(i => i.PipelineKey)
            .Index(i => i.Application)
            .Index(i => i.Status)
            .Index(i => i.OpenedAt);
        options.Storage.ExtendedSchemaObjects.Add(RunHistoryTable.Create());
    }
}
