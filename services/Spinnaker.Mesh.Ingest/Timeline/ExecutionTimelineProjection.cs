using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Ingest.Timeline;

/// <summary>
/// Orders an execution's events by the time Orca says they happened, not by arrival: Echo delivers out of order, so
/// the stream's version order depends on luck while this order does not. A flat table, written inline in the
/// appending transaction; a rebuild empties it and replays every event.
/// </summary>
internal sealed class ExecutionTimelineProjection : EventProjection
{
    public const string TableName = $"{IngestModule.Schema}.execution_timeline";

    public ExecutionTimelineProjection()
    {
        Name = "execution-timeline";
        var table = new Table(TableName);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("occurred_at", "timestamptz").AsPrimaryKey();
        table.AddColumn<short>("step").AsPrimaryKey();
        table.AddColumn<Guid>("event_id").AsPrimaryKey();
        SchemaObjects.Add(table);
        Options.DeleteDataInTableOnTeardown(TableName);
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        if (TimelineStep.Of(e.Data) is { } step)
            operations.QueueSqlCommand($"""
                INSERT INTO {TableName} (tenant, execution_id, occurred_at, step, event_id) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, e.TenantId, e.StreamKey!, TimelineStep.OccurredAt(e.Data), step, e.Id);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Where an event sits among events of the same instant: a start comes before what ran inside it, an end after.</summary>
internal static class TimelineStep
{
    public static short? Of(object data) => data switch
    {
        PipelineStarted or OrchestrationStarted => 0,
        StageStarted => 1,
        TaskStarted => 2,
        TaskCompleted => 3,
        ManualJudgmentResolved => 4,
        StageCompleted => 5,
        PipelineCompleted or OrchestrationCompleted => 6,
        _ => null,
    };

    public static DateTimeOffset OccurredAt(object data) => data is IExecutionEvent e
        ? e.OccurredAt
        : throw new ArgumentOutOfRangeException(nameof(data), data.GetType().Name, "not an execution event");
}
