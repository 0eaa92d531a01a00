using System.Text.Json;
using Marten;
using Spinnaker.Mesh.Rollback.Incidents.Domain;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.Rollback.Incidents.Store;

/// <summary>
/// <c>rollback.incident_runs</c>: the latest finished runs of each pipeline (one row per execution, its latest
/// outcome), with the facts a failure is compared against. The baseline of "what changed since the last success", the
/// ledger that makes a redelivered execution change nothing, and the order in which late runs are placed. Kept small:
/// the latest <see cref="IncidentOptions.HistoryPerPipeline"/> runs per pipeline.
/// </summary>
internal static class RunHistoryTable
{
    public static readonly PostgresqlObjectName Name = new(RollbackModule.Schema, "incident_runs", SchemaUtils.IdentifierUsage.General);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Table Create()
    {
        var table = new Table(Name);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("pipeline_key", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("ended_at", "timestamptz").NotNull();
        table.AddColumn("facts", "jsonb").NotNull();
        table.AddColumn("recorded_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX incident_runs_by_end ON {Name.QualifiedName} USING btree (tenant, pipeline_key, ended_at DESC, execution_id DESC)"));
        return table;
    }

    private const string LoadSql = """
        SELECT jsonb_build_object('executionId', execution_id, 'status', status, 'endedAt', ended_at, 'facts', facts)::text
        FROM rollback.incident_runs WHERE tenant = ? AND pipeline_key = ?
        ORDER BY ended_at, execution_id
        """;

    /// <summary>The pipeline's kept runs, oldest first.</summary>
    public static async Task<IReadOnlyList<PipelineRun>> LoadAsync(IQuerySession session, string tenant, string pipelineKey, CancellationToken ct)
    {
        var rows = await session.AdvancedSql.QueryAsync<string>(LoadSql, ct, tenant, pipelineKey);
        return [.. rows.Select(r => JsonSerializer.Deserialize<PipelineRun>(r, Json) ?? throw new InvalidOperationException("A run row holds null."))];
    }

    private const string UpsertSql = """
        INSERT INTO rollback.incident_runs (tenant, pipeline_key, execution_id, status, ended_at, facts)
        VALUES (?, ?, ?, ?, ?::timestamptz, ?::jsonb)
        ON CONFLICT (tenant, pipeline_key, execution_id) DO UPDATE SET
            status = EXCLUDED.status, ended_at = EXCLUDED.ended_at, facts = EXCLUDED.facts, recorded_at = now()
        """;

    private const string PruneSql = """
        DELETE FROM rollback.incident_runs WHERE tenant = ? AND pipeline_key = ? AND execution_id IN (
            SELECT execution_id FROM rollback.incident_runs WHERE tenant = ? AND pipeline_key = ?
            ORDER BY ended_at DESC, execution_id DESC OFFSET ?)
        """;

    /// <summary>Queues, in the session's commit, the run's row and the removal of runs beyond the <paramref name="keep"/> latest.</summary>
    public static void QueueRecord(IDocumentOperations operations, string tenant, string pipelineKey, PipelineRun run, int keep)
    {
        operations.QueueSqlCommand(UpsertSql, tenant, pipelineKey, run.ExecutionId, run.Status,
            run.EndedAt.ToUniversalTime().ToString("O"), JsonSerializer.Serialize(run.Facts, Json));
        operations.QueueSqlCommand(PruneSql, tenant, pipelineKey, tenant, pipelineKey, keep);
    }
}
