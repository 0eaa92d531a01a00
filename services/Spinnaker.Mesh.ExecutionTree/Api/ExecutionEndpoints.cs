using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Api;

/// <summary><c>GET /api/executions</c> (newest first, filtered, bounded) and <c>GET /api/executions/{executionId}</c> (the tree).</summary>
internal static class ExecutionEndpoints
{
    private const string ListSql = """
        SELECT execution_id, application, pipeline_name, status, start_time, end_time, duration_ms, trigger_type,
               template_id, template_version
        FROM execution_tree.executions
        WHERE tenant = @tenant
          AND (@application::text IS NULL OR application = @application)
          AND (@pipeline::text IS NULL OR pipeline_name = @pipeline)
          AND (@status::text IS NULL OR status = @status)
        ORDER BY start_time DESC NULLS LAST, execution_id
        LIMIT @limit
        """;

    // The merge state and the parent/child links either side reported (a child's trigger may name its parent
    // before the parent's pipeline stage names the child), in one round trip.
    private const string StateSql = """
        SELECT e.state::text,
               ARRAY(SELECT l.child_execution_id FROM execution_tree.execution_links l
                     WHERE l.tenant = e.tenant AND l.parent_execution_id = e.execution_id),
               (SELECT min(l.parent_execution_id) FROM execution_tree.execution_links l
                WHERE l.tenant = e.tenant AND l.child_execution_id = e.execution_id)
        FROM execution_tree.executions e
        WHERE e.tenant = @tenant AND e.execution_id = @execution
        """;

    public static async Task<Results<Ok<ExecutionList>, ValidationProblem>> ListAsync(
        string? application, string? pipeline, string? status, string? limit, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!ListLimit.Policy.TryRead(limit, out var take)) return ListLimit.Policy.Invalid();
        await using var command = db.CreateCommand(ListSql);
        command.Parameters.Add(SqlParameters.Text("tenant", http.GetMeshTenant()));
        command.Parameters.Add(SqlParameters.Text("application", NullIfEmpty(application)));
        command.Parameters.Add(SqlParameters.Text("pipeline", NullIfEmpty(pipeline)));
        // Orca's statuses are upper-case names; accept ?status=succeeded too.
        command.Parameters.Add(SqlParameters.Text("status", NullIfEmpty(status)?.ToUpperInvariant()));
        command.Parameters.AddWithValue("limit", take);

        var executions = new List<ExecutionSummary>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var templateId = reader.IsDBNull(8) ? null : reader.GetString(8);
                var templateVersion = reader.IsDBNull(9) ? null : reader.GetString(9);
                executions.Add(new ExecutionSummary(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    templateId is null && templateVersion is null ? null : new TemplateInfo(templateId, templateVersion)));
            }
        }
        return TypedResults.Ok(new ExecutionList(executions));
    }

    /// <summary>
    /// The tree is built from the stored merge state on each read (a few ms for 500 stages): storing it on every event
    /// instead doubled what each event wrote.
    /// </summary>
    public static async Task<Results<Ok<Domain.ExecutionTree>, ProblemHttpResult>> GetAsync(
        string executionId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(StateSql);
        command.Parameters.Add(SqlParameters.Text("tenant", http.GetMeshTenant()));
        command.Parameters.Add(SqlParameters.Text("execution", executionId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return MeshProblems.NotFound("Execution not found", $"No events were received for execution '{executionId}'.");

        var state = JsonSerializer.Deserialize<ExecutionState>(reader.GetString(0), ExecutionTreeJson.State)
            ?? throw new InvalidOperationException($"Execution {executionId} has a null stored state.");
        var linkedChildren = reader.GetFieldValue<string[]>(1);
        var linkedParent = reader.IsDBNull(2) ? null : reader.GetString(2);
        var tree = ExecutionTreeBuilder.Build(state);
        tree = tree with
        {
            ChildExecutionIds = tree.ChildExecutionIds.Union(linkedChildren).Order(StringComparer.Ordinal).ToList(),
            ParentExecutionId = tree.ParentExecutionId ?? linkedParent,
        };
        return TypedResults.Ok(tree);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
