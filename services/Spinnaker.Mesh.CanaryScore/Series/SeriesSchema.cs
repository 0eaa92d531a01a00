using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.CanaryScore.Series;

/// <summary>
/// Mesh's own series (schema <c>canary_score</c>), declared as Weasel tables so Marten creates and migrates them with
/// its own. A series is a tenant, a metric name and a label set, under an id derived from them (<see cref="SeriesKey"/>),
/// so writers need no lookup; each sample is keyed by what it is about (tenant, metric, subject), which makes a
/// redelivered sample a no-op and lets a subject whose labels changed move its one sample to its new series.
/// </summary>
/// <remarks>
/// Sized for a year of canary scores of 1,000 services (≈1.5 M samples): a range query reads one index range per
/// series, <c>(series_id, at_ms)</c> covering the value, so it is an index-only scan whatever the table's physical order.
/// </remarks>
internal static class SeriesSchema
{
    public const string Name = CanaryScoreModule.Schema;

    public static readonly PostgresqlObjectName Series = new(Name, "series", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName Samples = new(Name, "series_samples", SchemaUtils.IdentifierUsage.General);

    public static IReadOnlyList<Table> Tables() => [SeriesTable(), SamplesTable()];

    private static Table SeriesTable()
    {
        var table = new Table(Series);
        table.AddColumn("series_id", "uuid").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("metric", "text").NotNull();
        // Label names and values without __name__, as a JSON object with its keys sorted.
        table.AddColumn("labels", "jsonb").NotNull();
        table.Indexes.Add(new IndexDefinition("series_by_metric") { Columns = ["tenant", "metric"] });
        return table;
    }

    private static Table SamplesTable()
    {
        var table = new Table(Samples);
        // The subject's key (tenant, metric, what the sample is about): one sample per subject and metric.
        table.AddColumn("sample_key", "uuid").AsPrimaryKey();
        table.AddColumn("series_id", "uuid").NotNull();
        // Unix milliseconds, as Prometheus keeps time: steps and lookback windows are integer arithmetic in SQL.
        table.AddColumn("at_ms", "bigint").NotNull();
        table.AddColumn("value", "double precision").NotNull();
        table.Indexes.Add(new IndexDefinition("series_samples_by_time") { Columns = ["series_id", "at_ms"], IncludeColumns = ["value"] });
        return table;
    }
}
