using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// The execution-tree service's read models (schema <c>execution_tree</c>, beside Marten's event tables), declared as
/// Weasel tables so that Marten creates and migrates them with everything else: one migration path, no hand-run DDL.
/// Executions and stages are flat rows so that statistics are plain SQL aggregates over indexed columns; each
/// execution's merge state is kept as jsonb, and its tree is built from it on read.
/// </summary>
internal static class ReadModelSchema
{
    public const string Name = "execution_tree";

    public static readonly PostgresqlObjectName Executions = new(Name, "executions", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName Stages = new(Name, "stages", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName ExecutionLinks = new(Name, "execution_links", SchemaUtils.IdentifierUsage.General);
    public static readonly PostgresqlObjectName Regressions = new(Name, "regressions", SchemaUtils.IdentifierUsage.General);

    /// <summary>Every table, in creation order.</summary>
    public static IReadOnlyList<Table> Tables() => [ExecutionsTable(), StagesTable(), ExecutionLinksTable(), RegressionsTable()];

    /// <summary>What a rebuild empties and the projection fills again; regressions are not among them (see <see cref="ExecutionReadModelProjection"/>).</summary>
    public static IReadOnlyList<PostgresqlObjectName> Projected => [Executions, Stages, ExecutionLinks];

    private static Table ExecutionsTable()
    {
        var table = new Table(Executions);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("application", "text").NotNull();
        table.AddColumn("pipeline_name", "text");
        table.AddColumn("pipeline_config_id", "text");
        table.AddColumn("execution_type", "text").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("start_time", "timestamptz");
        table.AddColumn("end_time", "timestamptz");
        table.AddColumn("duration_ms", "bigint");
        table.AddColumn("trigger_type", "text");
        table.AddColumn("template_id", "text");
        table.AddColumn("template_version", "text");
        table.AddColumn("parent_execution_id", "text");
        table.AddColumn("state", "jsonb").NotNull();
        table.AddColumn("updated_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        Index(table, "executions_newest", "(tenant, start_time DESC NULLS LAST, execution_id)");
        Index(table, "executions_by_pipeline", "(tenant, application, pipeline_name, start_time DESC NULLS LAST)");
        Index(table, "executions_by_template", ["tenant", "template_id", "template_version"], where: "template_version IS NOT NULL");
        return table;
    }

    /// <summary>
    /// Every stage, synthetic ones included, with the execution's application and pipeline copied in so that
    /// failure, gate and per-stage statistics need no join.
    /// </summary>
    private static Table StagesTable()
    {
        var table = new Table(Stages);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("stage_id", "text").AsPrimaryKey();
        table.AddColumn("ref_id", "text");
        table.AddColumn("application", "text").NotNull();
        table.AddColumn("pipeline_name", "text");
        table.AddColumn("execution_start", "timestamptz");
        table.AddColumn("stage_type", "text");
        table.AddColumn("stage_name", "text");
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("start_time", "timestamptz");
        table.AddColumn("end_time", "timestamptz");
        table.AddColumn("duration_ms", "bigint");
        table.AddColumn("synthetic_owner", "text");
        table.AddColumn("parent_stage_id", "text");
        table.AddColumn("cloud_provider", "text");
        table.AddColumn("account", "text");
        table.AddColumn("regions", "text[]").NotNull().DefaultValueByString("{}");
        table.AddColumn("cluster", "text");
        table.AddColumn("errors", "text[]").NotNull().DefaultValueByString("{}");
        table.AddColumn("gate_kind", "text");
        table.AddColumn("judgment_status", "text");
        table.AddColumn("judged_by", "text");
        Index(table, "stages_by_application", ["tenant", "application", "start_time"]);
        Index(table, "stages_gates", ["tenant", "application", "pipeline_name", "gate_kind"], where: "gate_kind IS NOT NULL");
        // Failure and gate statistics filter on the execution's start (the window is over executions, not stages).
        Index(table, "stages_by_execution_start", ["tenant", "execution_start"]);
        Index(table, "stages_gates_by_execution_start", ["tenant", "execution_start"], where: "gate_kind IS NOT NULL");
        return table;
    }

    /// <summary>Parent and child pipelines, from either side: the parent's pipeline stage or the child's trigger.</summary>
    private static Table ExecutionLinksTable()
    {
        var table = new Table(ExecutionLinks);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("parent_execution_id", "text").AsPrimaryKey();
        table.AddColumn("child_execution_id", "text").AsPrimaryKey();
        table.AddColumn("parent_stage_id", "text");
        Index(table, "execution_links_child", ["tenant", "child_execution_id"]);
        return table;
    }

    /// <summary>Duration regressions found by the regression rule; one row per (pipeline or stage) and detecting execution.</summary>
    private static Table RegressionsTable()
    {
        var table = new Table(Regressions);
        table.AddColumn("regression_id", "uuid").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("application", "text").NotNull();
        table.AddColumn("pipeline_name", "text").NotNull();
        table.AddColumn("stage_ref_id", "text");
        table.AddColumn("stage_name", "text");
        table.AddColumn("detected_at", "timestamptz").NotNull();
        table.AddColumn("detected_by_execution_id", "text").NotNull();
        table.AddColumn("baseline_count", "integer").NotNull();
        table.AddColumn("recent_count", "integer").NotNull();
        table.AddColumn("baseline_median_ms", "double precision").NotNull();
        table.AddColumn("recent_median_ms", "double precision").NotNull();
        table.AddColumn("ratio", "double precision").NotNull();
        table.AddColumn("p_value", "double precision").NotNull();
        Index(table, "regressions_by_pipeline", "(tenant, application, pipeline_name, detected_at DESC)");
        return table;
    }

    private static void Index(Table table, string name, string[] columns, string? where = null) =>
        table.Indexes.Add(new IndexDefinition(name) { Columns = columns, Predicate = where });

    /// <summary>
    /// An index with columns in mixed order, written as PostgreSQL prints it, so that Weasel's comparison with the live
    /// index finds nothing to change at the next start (Weasel's index model has one sort order for all columns).
    /// </summary>
    private static void Index(Table table, string name, string orderedColumns) =>
        table.Indexes.Add(IndexDefinition.Parse($"CREATE INDEX {name} ON {table.Identifier.QualifiedName} USING btree {orderedColumns}"));
}
