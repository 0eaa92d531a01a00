using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>
/// The deployment history, as Weasel tables Marten creates and migrates with its own: <c>deployment_executions</c>
/// (each execution that had a deploy stage: its newest status) and <c>deployment_stages</c> (each deploy stage's
/// deployment of each target). Blank target parts are stored as <c>''</c> so they can be part of the key.
/// </summary>
internal static class DeploymentTables
{
    public static readonly PostgresqlObjectName Executions = new(RollbackModule.Schema, "deployment_executions", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName Stages = new(RollbackModule.Schema, "deployment_stages", SchemaUtils.IdentifierUsage.General);

    public static IReadOnlyList<Table> Create() => [ExecutionsTable(), StagesTable()];

    private static Table ExecutionsTable()
    {
        var table = new Table(Executions);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("application", "text").NotNull();
        table.AddColumn("pipeline_name", "text");
        table.AddColumn("pipeline_config_id", "text");
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("final", "boolean").NotNull();
        table.AddColumn("started_at", "timestamptz");
        table.AddColumn("ended_at", "timestamptz");
        table.AddColumn("mesh_decision_id", "text");
        table.AddColumn("progress", "bigint[]").NotNull();
        table.AddColumn("updated_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        return table;
    }

    private static Table StagesTable()
    {
        var table = new Table(Stages);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("stage_id", "text").AsPrimaryKey();
        table.AddColumn("application", "text").AsPrimaryKey();
        table.AddColumn("cluster", "text").AsPrimaryKey();
        table.AddColumn("account", "text").AsPrimaryKey();
        table.AddColumn("region", "text").AsPrimaryKey();
        table.AddColumn("namespace", "text").AsPrimaryKey();
        table.AddColumn("stage_type", "text");
        table.AddColumn("stage_status", "text").NotNull();
        table.AddColumn("final", "boolean").NotNull();
        table.AddColumn("reached", "boolean").NotNull();
        table.AddColumn("version", "text");
        table.AddColumn("started_at", "timestamptz");
        table.AddColumn("ended_at", "timestamptz");
        table.AddColumn("progress", "bigint[]").NotNull();
        table.AddColumn("updated_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        // A target's history, newest first (known-good versions, the latest deployment of a cluster).
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployment_stages_by_target ON {Stages.QualifiedName} USING btree (tenant, application, cluster, account, region, namespace)"));
        return table;
    }
}
