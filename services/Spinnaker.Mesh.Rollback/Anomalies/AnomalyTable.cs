using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Rollback.Anomalies;

/// <summary>
/// <c>rollback.anomalies</c>: one row per reporting message (its event id is the key, so a redelivery adds nothing),
/// read by application and time: the anomalies of a window before a rollback are one index range. Created and migrated
/// by Weasel with Marten's tables.
/// </summary>
internal static class AnomalyTable
{
    public static readonly PostgresqlObjectName Name = new(RollbackModule.Schema, "anomalies", SchemaUtils.IdentifierUsage.General);

    public static Table Create()
    {
        var table = new Table(Name);
        table.AddColumn("event_id", "uuid").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("application", "text").NotNull();
        table.AddColumn("cluster", "text");
        // ClusterKey.Of(cluster): what a rollback's cluster is compared with; null for application-wide anomalies.
        table.AddColumn("cluster_key", "text");
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("at", "timestamptz").NotNull();
        table.AddColumn("summary", "text").NotNull();
        table.AddColumn("execution_id", "text");
        table.AddColumn("reference", "text");
        table.AddColumn("recorded_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.Indexes.Add(IndexDefinition.Parse($"CREATE INDEX anomalies_window ON {Name.QualifiedName} USING btree (tenant, application, at)"));
        return table;
    }
}
