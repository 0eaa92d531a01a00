using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.EventSourcing.Tests.Support;

/// <summary>
/// A flat-table read model, as statistics need: started and completed stage counts per tenant and stream, written
/// inline in the appending transaction, emptied and replayed by a rebuild.
/// </summary>
public sealed class StageCountProjection : EventProjection
{
    public StageCountProjection(string schema)
    {
        Table = $"{schema}.stage_counts";
        var table = new Table(Table);
        table.AddColumn<string>("tenant").AsPrimaryKey();
        table.AddColumn<string>("stream_id").AsPrimaryKey();
        table.AddColumn<int>("started").NotNull();
        table.AddColumn<int>("completed").NotNull();
        SchemaObjects.Add(table);
        Options.DeleteDataInTableOnTeardown(Table);
        Name = "stage-counts";
    }

    public string Table { get; }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        var (started, completed) = e.Data switch
        {
            StageStarted => (1, 0),
            StageCompleted => (0, 1),
            _ => (0, 0),
        };
        operations.QueueSqlCommand($"""
            INSERT INTO {Table} AS t (tenant, stream_id, started, completed) VALUES (?, ?, ?, ?)
            ON CONFLICT (tenant, stream_id) DO UPDATE
            SET started = t.started + excluded.started, completed = t.completed + excluded.completed
            """, e.TenantId, e.StreamKey!, started, completed);
        return ValueTask.CompletedTask;
    }
}
