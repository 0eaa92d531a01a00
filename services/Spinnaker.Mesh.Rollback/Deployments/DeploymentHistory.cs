using System.Text.Json;
using Npgsql;

namespace Spinnaker.Mesh.Rollback.Deployments;

/// <summary>
/// Which version each execution deployed where, from every snapshot ingest published. Recording is an upsert that
/// keeps the newest state of each row (a final status over a running one, a later end over an earlier one) and never
/// forgets that a stage reached its target, so snapshots may come twice and in any order.
/// </summary>
internal sealed class DeploymentHistory(NpgsqlDataSource db)
{
    /// <summary>How many deployments of a target are read to find a known-good version: far more than a cooldown lets happen.</summary>
    public const int TargetHistoryDepth = 200;

    private static readonly JsonSerializerOptions RowJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // A row is replaced by a snapshot at least as far on (Progress): final over not final, else the later end, then start.
    private const string UpsertExecutionSql = """
        INSERT INTO rollback.deployment_executions AS t
            (tenant, execution_id, application, pipeline_name, pipeline_config_id, status, final, started_at, ended_at, mesh_decision_id, progress)
        SELECT r.tenant, r.execution_id, r.application, r.pipeline_name, r.pipeline_config_id, r.status, r.final, r.started_at, r.ended_at, r.mesh_decision_id, r.progress
        FROM jsonb_to_record($1::jsonb) AS r(tenant text, execution_id text, application text, pipeline_name text, pipeline_config_id text,
            status text, final boolean, started_at timestamptz, ended_at timestamptz, mesh_decision_id text, progress bigint[])
        ON CONFLICT (tenant, execution_id) DO UPDATE SET
            pipeline_name = COALESCE(EXCLUDED.pipeline_name, t.pipeline_name),
            pipeline_config_id = COALESCE(EXCLUDED.pipeline_config_id, t.pipeline_config_id),
            mesh_decision_id = COALESCE(t.mesh_decision_id, EXCLUDED.mesh_decision_id),
            status = CASE WHEN EXCLUDED.progress >= t.progress THEN EXCLUDED.status ELSE t.status END,
            final = t.final OR EXCLUDED.final,
            started_at = CASE WHEN EXCLUDED.progress >= t.progress THEN COALESCE(EXCLUDED.started_at, t.started_at) ELSE COALESCE(t.started_at, EXCLUDED.started_at) END,
            ended_at = CASE WHEN EXCLUDED.progress >= t.progress THEN COALESCE(EXCLUDED.ended_at, t.ended_at) ELSE COALESCE(t.ended_at, EXCLUDED.ended_at) END,
            progress = GREATEST(t.progress, EXCLUDED.progress),
            updated_at = now()
        """;

    private const string UpsertStagesSql = """
        INSERT INTO rollback.deployment_stages AS t
            (tenant, execution_id, stage_id, application, cluster, account, region, namespace, stage_type, stage_status, final, reached, version, started_at, ended_at, progress)
        SELECT r.tenant, r.execution_id, r.stage_id, r.application, r.cluster, r.account, r.region, r.namespace, r.stage_type, r.stage_status,
            r.final, r.reached, r.version, r.started_at, r.ended_at, r.progress
        FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, execution_id text, stage_id text, application text, cluster text, account text,
            region text, namespace text, stage_type text, stage_status text, final boolean, reached boolean, version text,
            started_at timestamptz, ended_at timestamptz, progress bigint[])
        -- A snapshot from before the stage named its cluster (a manifest names it once applied) adds nothing to a row that has it.
        WHERE r.cluster <> '' OR NOT EXISTS (
            SELECT 1 FROM rollback.deployment_stages x
            WHERE x.tenant = r.tenant AND x.execution_id = r.execution_id AND x.stage_id = r.stage_id AND x.cluster <> '')
        ON CONFLICT (tenant, execution_id, stage_id, application, cluster, account, region, namespace) DO UPDATE SET
            stage_type = COALESCE(EXCLUDED.stage_type, t.stage_type),
            reached = t.reached OR EXCLUDED.reached,
            stage_status = CASE WHEN EXCLUDED.progress >= t.progress THEN EXCLUDED.stage_status ELSE t.stage_status END,
            version = CASE WHEN EXCLUDED.progress >= t.progress THEN COALESCE(EXCLUDED.version, t.version) ELSE COALESCE(t.version, EXCLUDED.version) END,
            final = t.final OR EXCLUDED.final,
            started_at = CASE WHEN EXCLUDED.progress >= t.progress THEN COALESCE(EXCLUDED.started_at, t.started_at) ELSE COALESCE(t.started_at, EXCLUDED.started_at) END,
            ended_at = CASE WHEN EXCLUDED.progress >= t.progress THEN COALESCE(EXCLUDED.ended_at, t.ended_at) ELSE COALESCE(t.ended_at, EXCLUDED.ended_at) END,
            progress = GREATEST(t.progress, EXCLUDED.progress),
            updated_at = now()
        """;

    // Once a stage names its cluster, the rows of its earlier snapshots without one are superseded.
    private const string DropPlaceholdersSql = """
        DELETE FROM rollback.deployment_stages p
        WHERE p.tenant = $1 AND p.execution_id = $2 AND p.cluster = ''
          AND EXISTS (SELECT 1 FROM rollback.deployment_stages x
                      WHERE x.tenant = p.tenant AND x.execution_id = p.execution_id AND x.stage_id = p.stage_id AND x.cluster <> '')
        """;

    /// <summary>Records what the observation shows, in one transaction.</summary>
    public async Task RecordAsync(DeploymentObservation observation, CancellationToken ct)
    {
        var execution = observation.Execution;
        var executionRow = JsonSerializer.Serialize(new
        {
            observation.Tenant,
            execution.ExecutionId,
            execution.Application,
            execution.PipelineName,
            execution.PipelineConfigId,
            execution.Status,
            Final = execution.Ended,
            StartedAt = execution.StartedAt?.ToUniversalTime(),
            EndedAt = execution.EndedAt?.ToUniversalTime(),
            execution.MeshDecisionId,
            Progress = Progress(execution.Ended, execution.EndedAt, execution.StartedAt),
        }, RowJson);
        var stageRows = JsonSerializer.Serialize(observation.Stages.Select(s => new
        {
            observation.Tenant,
            s.ExecutionId,
            s.StageId,
            s.Target.Application,
            Cluster = s.Target.Cluster ?? "",
            Account = s.Target.Account ?? "",
            Region = s.Target.Region ?? "",
            Namespace = s.Target.Namespace ?? "",
            s.StageType,
            s.StageStatus,
            Final = ExecutionStatuses.IsFinal(s.StageStatus),
            s.Reached,
            s.Version,
            StartedAt = s.StartedAt?.ToUniversalTime(),
            EndedAt = s.EndedAt?.ToUniversalTime(),
            Progress = Progress(ExecutionStatuses.IsFinal(s.StageStatus), s.EndedAt, s.StartedAt),
        }), RowJson);

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(UpsertExecutionSql) { Parameters = { new() { Value = executionRow } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(UpsertStagesSql) { Parameters = { new() { Value = stageRows } } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(DropPlaceholdersSql)
            {
                Parameters = { new() { Value = observation.Tenant }, new() { Value = execution.ExecutionId } },
            });
            await batch.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>What the execution deployed, one per target, as recorded.</summary>
    public Task<IReadOnlyList<Deployment>> OfExecutionAsync(string tenant, string executionId, CancellationToken ct) =>
        QueryAsync("s.tenant = $1 AND s.execution_id = $2", [tenant, executionId], ct);

    /// <summary>
    /// The deployments of an application's cluster (any account, region, namespace), newest first. A name without a
    /// kind matches a manifest of that name (<c>checkout-api</c> is <c>deployment checkout-api</c>), as canary scopes name them.
    /// </summary>
    public Task<IReadOnlyList<Deployment>> OfClusterAsync(string tenant, string application, string cluster, CancellationToken ct) =>
        QueryAsync("""
            s.tenant = $1 AND s.application = $2
            AND (s.cluster = $3 OR (position(' ' in s.cluster) > 0 AND substr(s.cluster, position(' ' in s.cluster) + 1) = $3))
            """, [tenant, application, cluster], ct);

    /// <summary>The target's deployments, the newest <see cref="TargetHistoryDepth"/> stages.</summary>
    public Task<IReadOnlyList<Deployment>> OfTargetAsync(string tenant, DeployTarget target, CancellationToken ct) =>
        QueryAsync("s.tenant = $1 AND s.application = $2 AND s.cluster = $3 AND s.account = $4 AND s.region = $5 AND s.namespace = $6",
            [tenant, target.Application, target.Cluster ?? "", target.Account ?? "", target.Region ?? "", target.Namespace ?? ""], ct);

    private async Task<IReadOnlyList<Deployment>> QueryAsync(string where, object[] parameters, CancellationToken ct)
    {
        var sql = $"""
            SELECT s.execution_id, s.stage_id, s.application, s.cluster, s.account, s.region, s.namespace, s.stage_type, s.stage_status,
                s.reached, s.version, s.started_at, s.ended_at,
                e.application, e.pipeline_name, e.pipeline_config_id, e.status, e.started_at, e.ended_at, e.mesh_decision_id
            FROM rollback.deployment_stages s
            LEFT JOIN rollback.deployment_executions e ON e.tenant = s.tenant AND e.execution_id = s.execution_id
            WHERE {where}
            ORDER BY COALESCE(s.ended_at, s.started_at) DESC NULLS LAST, s.execution_id DESC, s.stage_id
            LIMIT {TargetHistoryDepth}
            """;
        await using var command = db.CreateCommand(sql);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        var stages = new List<StageDeployment>();
        var executions = new Dictionary<string, ExecutionOutcome>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var executionId = reader.GetString(0);
            stages.Add(new StageDeployment(
                executionId, reader.GetString(1),
                DeployTarget.Of(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)),
                Text(reader, 7), reader.GetString(8), reader.GetBoolean(9), Text(reader, 10), Time(reader, 11), Time(reader, 12)));
            if (!reader.IsDBNull(13) && !executions.ContainsKey(executionId))
                executions[executionId] = new ExecutionOutcome(executionId, reader.GetString(13), Text(reader, 14), Text(reader, 15),
                    reader.GetString(16), Time(reader, 17), Time(reader, 18), Text(reader, 19));
        }
        return Deployment.Combine(stages, executions)
            .OrderByDescending(d => d.DeployedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(d => d.ExecutionId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How far on a snapshot is, compared element by element: final (1) over not (0), then the end, then the start (ms, -1 when unknown).</summary>
    private static long[] Progress(bool final, DateTimeOffset? endedAt, DateTimeOffset? startedAt) =>
        [final ? 1 : 0, endedAt?.ToUnixTimeMilliseconds() ?? -1, startedAt?.ToUnixTimeMilliseconds() ?? -1];

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(column), TimeSpan.Zero);
}
