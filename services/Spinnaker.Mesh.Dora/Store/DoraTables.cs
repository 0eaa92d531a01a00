using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>
/// The classified read model (docs/dora.md, "Read model"): created and migrated by Weasel with Marten's own tables.
/// A window of one application is read through the <c>(tenant, application, time)</c> indexes, so its cost is the
/// window's rows whatever the history stored.
/// </summary>
internal static class DoraTables
{
    public static readonly PostgresqlObjectName Deployments = new(DoraModule.Schema, "deployments", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName Findings = new(DoraModule.Schema, "findings", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName Applications = new(DoraModule.Schema, "applications", SchemaUtils.IdentifierUsage.General);

    /// <summary>
    /// One row per (tenant, application, environment, execution): the <c>ClassifiedDeployment</c> whole (<c>row</c>) and
    /// the columns windows and checks read. <c>row_key</c> is <c>{environment}/{execution}</c> (environment empty for
    /// excluded executions that touched none); <c>content_hash</c> lets a re-classification rewrite only what changed.
    /// </summary>
    public static Table CreateDeployments()
    {
        var table = new Table(Deployments);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("application", "text").AsPrimaryKey();
        table.AddColumn("row_key", "text").AsPrimaryKey();
        table.AddColumn("environment", "text").NotNull();
        table.AddColumn("execution_id", "text").NotNull();
        table.AddColumn("time", "timestamptz").NotNull();
        table.AddColumn("deployment_time", "timestamptz");
        table.AddColumn("classification", "text").NotNull();
        table.AddColumn("change_failure", "boolean").NotNull();
        table.AddColumn("open_failure", "boolean").NotNull();
        // The signals as "S0,S2": which ChangeFailureDetected were published for the row.
        table.AddColumn("signals", "text").NotNull();
        table.AddColumn("content_hash", "text").NotNull();
        table.AddColumn("row", "jsonb").NotNull();
        table.AddColumn("updated_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployments_window ON {Deployments.QualifiedName} USING btree (tenant, application, time)"));
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployments_environment_window ON {Deployments.QualifiedName} USING btree (tenant, application, environment, time)"));
        return table;
    }

    /// <summary>
    /// Application-wide findings with their time: incidents (<c>incident</c>, by start), duplicate deliveries
    /// (<c>duplicate</c>, by execution time) and unmapped accounts (<c>unmapped</c>, by execution time).
    /// </summary>
    public static Table CreateFindings()
    {
        var table = new Table(Findings);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("application", "text").AsPrimaryKey();
        table.AddColumn("row_key", "text").AsPrimaryKey();
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("time", "timestamptz").NotNull();
        table.AddColumn("content_hash", "text").NotNull();
        table.AddColumn("finding", "jsonb").NotNull();
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX findings_window ON {Findings.QualifiedName} USING btree (tenant, application, time)"));
        return table;
    }

    /// <summary>Every classified application of a tenant, with its earliest execution (the window's data coverage).</summary>
    public static Table CreateApplications()
    {
        var table = new Table(Applications);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("application", "text").AsPrimaryKey();
        table.AddColumn("covered_from", "timestamptz");
        table.AddColumn("classified_at", "timestamptz").NotNull();
        return table;
    }
}
