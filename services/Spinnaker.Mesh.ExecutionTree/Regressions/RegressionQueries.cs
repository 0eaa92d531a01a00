using Npgsql;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// Reads recorded duration regressions: for <c>GET /api/regressions</c>, for the <c>regressions[]</c> of
/// <c>GET /api/pipelines/stats</c>, and for republishing what a redelivered run already found.
/// </summary>
internal sealed class RegressionQueries(NpgsqlDataSource db)
{
    /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
    public const string Columns = """
        regression_id, tenant, application, pipeline_name, stage_ref_id, stage_name, detected_at, detected_by_execution_id,
        baseline_count, recent_count, baseline_median_ms, recent_median_ms, ratio, p_value
        """;

    /// <summary>A tenant's regressions, newest first, optionally of one application and pipeline.</summary>
    public async Task<IReadOnlyList<DurationRegression>> ListAsync(
        string tenant, string? application, string? pipeline, int limit, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM execution_tree.regressions
            WHERE tenant = @tenant AND (@application::text IS NULL OR application = @application)
              AND (@pipeline::text IS NULL OR pipeline_name = @pipeline)
            ORDER BY detected_at DESC, regression_id
            LIMIT @limit
            """);
        command.Parameters.Add(SqlParameters.Text("tenant", tenant));
        command.Parameters.Add(SqlParameters.Text("application", application));
        command.Parameters.Add(SqlParameters.Text("pipeline", pipeline));
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, ct);
    }

    /// <summary>What the completion of one execution revealed (the pipeline and its stages).</summary>
    public async Task<IReadOnlyList<DurationRegression>> DetectedByAsync(
        string tenant, string application, string pipeline, string executionId, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM execution_tree.regressions
            WHERE tenant = @tenant AND application = @application AND pipeline_name = @pipeline AND detected_by_execution_id = @execution
            ORDER BY stage_ref_id NULLS FIRST
            """);
        command.Parameters.Add(SqlParameters.Text("tenant", tenant));
        command.Parameters.Add(SqlParameters.Text("application", application));
        command.Parameters.Add(SqlParameters.Text("pipeline", pipeline));
        command.Parameters.Add(SqlParameters.Text("execution", executionId));
        return await ReadAllAsync(command, ct);
    }

    public static DurationRegression Read(NpgsqlDataReader row) => new(
        row.GetGuid(0),
        row.GetString(1),
        row.GetString(2),
        row.GetString(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        row.IsDBNull(5) ? null : row.GetString(5),
        row.GetFieldValue<DateTimeOffset>(6),
        row.GetString(7),
        row.GetInt32(8),
        row.GetInt32(9),
        row.GetDouble(10),
        row.GetDouble(11),
        row.GetDouble(12),
        row.GetDouble(13));

    private static async Task<IReadOnlyList<DurationRegression>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var list = new List<DurationRegression>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(Read(reader));
        return list;
    }
}
