namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// The execution-tree service's read models (schema <c>execution_tree</c>, beside its event store). Executions and
/// stages are flat rows so that statistics are plain SQL aggregates over indexed columns; each execution's merge state is
/// kept as jsonb, and its tree is built from it on read.
/// </summary>
internal static class ReadModelSchema
{
    public const string Name = "execution_tree";

    public const string Ddl = """
        CREATE SCHEMA IF NOT EXISTS execution_tree;

        CREATE TABLE IF NOT EXISTS execution_tree.executions (
            tenant text NOT NULL,
            execution_id text NOT NULL,
            application text NOT NULL,
            pipeline_name text,
            pipeline_config_id text,
            execution_type text NOT NULL,
            status text NOT NULL,
            start_time timestamptz,
            end_time timestamptz,
            duration_ms bigint,
            trigger_type text,
            template_id text,
            template_version text,
            parent_execution_id text,
            state jsonb NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tenant, execution_id)
        );
        -- Trees are built on read from the state: storing one on every event doubled what each event wrote.
        ALTER TABLE execution_tree.executions DROP COLUMN IF EXISTS tree;
        CREATE INDEX IF NOT EXISTS executions_newest ON execution_tree.executions (tenant, start_time DESC NULLS LAST, execution_id);
        CREATE INDEX IF NOT EXISTS executions_by_pipeline ON execution_tree.executions (tenant, application, pipeline_name, start_time DESC NULLS LAST);
        CREATE INDEX IF NOT EXISTS executions_by_template ON execution_tree.executions (tenant, template_id, template_version) WHERE template_version IS NOT NULL;

        -- Every stage, synthetic ones included, with the execution's application and pipeline copied in so that
        -- failure, gate and per-stage statistics need no join.
        CREATE TABLE IF NOT EXISTS execution_tree.stages (
            tenant text NOT NULL,
            execution_id text NOT NULL,
            stage_id text NOT NULL,
            ref_id text,
            application text NOT NULL,
            pipeline_name text,
            execution_start timestamptz,
            stage_type text,
            stage_name text,
            status text NOT NULL,
            start_time timestamptz,
            end_time timestamptz,
            duration_ms bigint,
            synthetic_owner text,
            parent_stage_id text,
            cloud_provider text,
            account text,
            regions text[] NOT NULL DEFAULT '{}',
            cluster text,
            errors text[] NOT NULL DEFAULT '{}',
            gate_kind text,
            judgment_status text,
            judged_by text,
            PRIMARY KEY (tenant, execution_id, stage_id)
        );
        CREATE INDEX IF NOT EXISTS stages_by_application ON execution_tree.stages (tenant, application, start_time);
        CREATE INDEX IF NOT EXISTS stages_gates ON execution_tree.stages (tenant, application, pipeline_name, gate_kind) WHERE gate_kind IS NOT NULL;
        -- Failure and gate statistics filter on the execution's start (the window is over executions, not stages).
        CREATE INDEX IF NOT EXISTS stages_by_execution_start ON execution_tree.stages (tenant, execution_start);
        CREATE INDEX IF NOT EXISTS stages_gates_by_execution_start ON execution_tree.stages (tenant, execution_start) WHERE gate_kind IS NOT NULL;

        -- Parent and child pipelines, from either side: the parent's pipeline stage or the child's trigger.
        CREATE TABLE IF NOT EXISTS execution_tree.execution_links (
            tenant text NOT NULL,
            parent_execution_id text NOT NULL,
            child_execution_id text NOT NULL,
            parent_stage_id text,
            PRIMARY KEY (tenant, parent_execution_id, child_execution_id)
        );
        CREATE INDEX IF NOT EXISTS execution_links_child ON execution_tree.execution_links (tenant, child_execution_id);

        -- Duration regressions found by the regression rule; one row per (pipeline or stage) and detecting execution.
        CREATE TABLE IF NOT EXISTS execution_tree.regressions (
            regression_id uuid PRIMARY KEY,
            tenant text NOT NULL,
            application text NOT NULL,
            pipeline_name text NOT NULL,
            stage_ref_id text,
            stage_name text,
            detected_at timestamptz NOT NULL,
            detected_by_execution_id text NOT NULL,
            baseline_count int NOT NULL,
            recent_count int NOT NULL,
            baseline_median_ms double precision NOT NULL,
            recent_median_ms double precision NOT NULL,
            ratio double precision NOT NULL,
            p_value double precision NOT NULL
        );
        CREATE INDEX IF NOT EXISTS regressions_by_pipeline ON execution_tree.regressions (tenant, application, pipeline_name, detected_at DESC);
        """;
}
