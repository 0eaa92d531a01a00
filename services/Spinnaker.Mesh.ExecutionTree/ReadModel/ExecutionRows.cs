using System.Text.Json;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// The writes that bring one execution's rows up to date, queued by the projection in the appending batch: upsert the
/// execution (columns and merge state), upsert its changed stage rows, add its parent/child links. Three statements
/// whatever the number of stages. Parameters are positional (<c>?</c>), as Marten's command builder numbers them.
/// </summary>
internal static class ExecutionRows
{
    private const string UpsertExecution = """
        INSERT INTO execution_tree.executions (tenant, execution_id, application, pipeline_name, pipeline_config_id, execution_type,
            status, start_time, end_time, duration_ms, trigger_type, template_id, template_version, parent_execution_id, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (tenant, execution_id) DO UPDATE SET
            application = EXCLUDED.application, pipeline_name = EXCLUDED.pipeline_name, pipeline_config_id = EXCLUDED.pipeline_config_id,
            execution_type = EXCLUDED.execution_type, status = EXCLUDED.status, start_time = EXCLUDED.start_time,
            end_time = EXCLUDED.end_time, duration_ms = EXCLUDED.duration_ms, trigger_type = EXCLUDED.trigger_type,
            template_id = EXCLUDED.template_id, template_version = EXCLUDED.template_version,
            parent_execution_id = EXCLUDED.parent_execution_id, state = EXCLUDED.state, updated_at = now()
        """;

    // The stage rows travel as one JSON array (see StageRow), so their text[] columns need no two-dimensional arrays.
    // Only rows that changed are written: an event changes one or two stages, and rewriting all of a 500-stage
    // execution's rows for each of its ~2,000 events made PostgreSQL the bottleneck. Stages never leave an
    // execution's state, so nothing needs deleting.
    private const string UpsertStages = """
        INSERT INTO execution_tree.stages AS t (tenant, execution_id, stage_id, ref_id, application, pipeline_name, execution_start,
            stage_type, stage_name, status, start_time, end_time, duration_ms, synthetic_owner, parent_stage_id,
            cloud_provider, account, regions, cluster, errors, gate_kind, judgment_status, judged_by)
        SELECT k.tenant, k.execution_id, s.stage_id, s.ref_id, k.application, k.pipeline_name, k.execution_start,
            s.stage_type, s.stage_name, s.status, s.start_time, s.end_time, s.duration_ms, s.synthetic_owner, s.parent_stage_id,
            s.cloud_provider, s.account, coalesce(s.regions, '{}'), s.cluster, coalesce(s.errors, '{}'), s.gate_kind,
            s.judgment_status, s.judged_by
        FROM (SELECT ?::text, ?::text, ?::text, ?::text, ?::timestamptz) AS k(tenant, execution_id, application, pipeline_name, execution_start),
            jsonb_to_recordset(?) AS s(stage_id text, ref_id text, stage_type text, stage_name text, status text,
            start_time timestamptz, end_time timestamptz, duration_ms bigint, synthetic_owner text, parent_stage_id text,
            cloud_provider text, account text, regions text[], cluster text, errors text[], gate_kind text,
            judgment_status text, judged_by text)
        ON CONFLICT (tenant, execution_id, stage_id) DO UPDATE SET
            ref_id = EXCLUDED.ref_id, application = EXCLUDED.application, pipeline_name = EXCLUDED.pipeline_name,
            execution_start = EXCLUDED.execution_start, stage_type = EXCLUDED.stage_type, stage_name = EXCLUDED.stage_name,
            status = EXCLUDED.status, start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
            duration_ms = EXCLUDED.duration_ms, synthetic_owner = EXCLUDED.synthetic_owner, parent_stage_id = EXCLUDED.parent_stage_id,
            cloud_provider = EXCLUDED.cloud_provider, account = EXCLUDED.account, regions = EXCLUDED.regions,
            cluster = EXCLUDED.cluster, errors = EXCLUDED.errors, gate_kind = EXCLUDED.gate_kind,
            judgment_status = EXCLUDED.judgment_status, judged_by = EXCLUDED.judged_by
        WHERE (t.ref_id, t.application, t.pipeline_name, t.execution_start, t.stage_type, t.stage_name, t.status, t.start_time,
               t.end_time, t.duration_ms, t.synthetic_owner, t.parent_stage_id, t.cloud_provider, t.account, t.regions,
               t.cluster, t.errors, t.gate_kind, t.judgment_status, t.judged_by)
          IS DISTINCT FROM
              (EXCLUDED.ref_id, EXCLUDED.application, EXCLUDED.pipeline_name, EXCLUDED.execution_start, EXCLUDED.stage_type,
               EXCLUDED.stage_name, EXCLUDED.status, EXCLUDED.start_time, EXCLUDED.end_time, EXCLUDED.duration_ms,
               EXCLUDED.synthetic_owner, EXCLUDED.parent_stage_id, EXCLUDED.cloud_provider, EXCLUDED.account, EXCLUDED.regions,
               EXCLUDED.cluster, EXCLUDED.errors, EXCLUDED.gate_kind, EXCLUDED.judgment_status, EXCLUDED.judged_by)
        """;

    // Either side may arrive first: the parent's pipeline stage names the child, the child's trigger names the parent.
    // Whichever knows the parent's stage fills it in.
    private const string InsertLinks = """
        INSERT INTO execution_tree.execution_links AS l (tenant, parent_execution_id, child_execution_id, parent_stage_id)
        SELECT ?::text, k.parent, k.child, k.stage FROM unnest(?, ?, ?) AS k(parent, child, stage)
        ON CONFLICT (tenant, parent_execution_id, child_execution_id) DO UPDATE SET parent_stage_id = EXCLUDED.parent_stage_id
        WHERE l.parent_stage_id IS NULL AND EXCLUDED.parent_stage_id IS NOT NULL
        """;

    public static IReadOnlyList<ReadModelWrite> For(string tenant, ExecutionState state, Domain.ExecutionTree tree)
    {
        var writes = new List<ReadModelWrite>(3)
        {
            new(UpsertExecution,
                SqlParameters.Text("tenant", tenant),
                SqlParameters.Text("execution", tree.Id),
                SqlParameters.Text("application", tree.Application),
                SqlParameters.Text("pipeline", tree.PipelineName),
                SqlParameters.Text("configId", tree.PipelineConfigId),
                SqlParameters.Text("type", tree.ExecutionType),
                SqlParameters.Text("status", tree.Status),
                SqlParameters.Timestamp("start", tree.StartTime),
                SqlParameters.Timestamp("end", tree.EndTime),
                SqlParameters.BigInt("duration", tree.DurationMs),
                SqlParameters.Text("trigger", tree.Trigger?.Type),
                SqlParameters.Text("templateId", tree.Template?.Id),
                SqlParameters.Text("templateVersion", tree.Template?.Version),
                SqlParameters.Text("parent", tree.ParentExecutionId),
                SqlParameters.Jsonb("state", JsonSerializer.Serialize(state, ExecutionTreeJson.State))),
        };

        var stages = tree.AllStages().DistinctBy(s => s.Id).Select(StageRow.From).ToList();
        if (stages.Count > 0)
            writes.Add(new(UpsertStages,
                SqlParameters.Text("tenant", tenant),
                SqlParameters.Text("execution", tree.Id),
                SqlParameters.Text("application", tree.Application),
                SqlParameters.Text("pipeline", tree.PipelineName),
                SqlParameters.Timestamp("start", tree.StartTime),
                SqlParameters.Jsonb("stages", JsonSerializer.Serialize(stages, StageRow.Json))));

        var links = Links(tree);
        if (links.Count > 0)
            writes.Add(new(InsertLinks,
                SqlParameters.Text("tenant", tenant),
                SqlParameters.TextArray("parents", links.Select(l => l.Parent).ToArray()),
                SqlParameters.TextArray("children", links.Select(l => l.Child).ToArray()),
                SqlParameters.TextArray("stages", links.Select(l => l.ParentStageId).ToArray())));
        return writes;
    }

    /// <summary>One row per parent/child pair (a pair twice in one statement would make the upsert fail).</summary>
    private static List<(string Parent, string Child, string? ParentStageId)> Links(Domain.ExecutionTree tree)
    {
        var links = tree.AllStages()
            .Where(s => !string.IsNullOrEmpty(s.ChildExecutionId))
            .Select(s => (Parent: tree.Id, Child: s.ChildExecutionId!, ParentStageId: (string?)s.Id))
            .ToList();
        if (!string.IsNullOrEmpty(tree.ParentExecutionId))
            links.Add((tree.ParentExecutionId, tree.Id, tree.Trigger?.ParentPipelineStageId));
        return links
            .GroupBy(l => (l.Parent, l.Child))
            .Select(g => g.OrderBy(l => l.ParentStageId is null).ThenBy(l => l.ParentStageId, StringComparer.Ordinal).First())
            .ToList();
    }
}
