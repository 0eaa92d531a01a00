using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.CanaryScore.Judgments;

namespace Spinnaker.Mesh.CanaryScore.Api;

/// <summary>
/// <c>GET /api/canary/scores</c>: an application's canary runs (judgments and failed runs), newest first, filtered by
/// service, config (id or name) and judged time; <c>GET /api/canary/scores/{judgmentId}</c>: one run.
/// </summary>
internal static class CanaryScoreEndpoints
{
    public static readonly QueryLimit Limit = new(Default: 100, Max: 1000);

    private const string ListSql = """
        SELECT judgment::text FROM canary_score.judgments
        WHERE tenant = @tenant AND application = @application
          AND (@service::text IS NULL OR service = @service)
          AND (@config::text IS NULL OR config_id = @config OR config_name = @config)
          AND (@from::timestamptz IS NULL OR judged_at >= @from)
          AND (@to::timestamptz IS NULL OR judged_at <= @to)
        ORDER BY judged_at DESC, judgment_id DESC
        LIMIT @limit
        """;

    public static async Task<Results<Ok<CanaryScoreList>, ValidationProblem>> ListAsync(
        string? application, string? service, string? config, string? from, string? to, string? limit,
        HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(application))
            return MeshProblems.InvalidField("application", "application is required: the Spinnaker application whose canary scores to list.");
        if (!QueryWindow.TryRead(from, to, out var since, out var until, out var badWindow)) return badWindow;
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();

        await using var command = db.CreateCommand(ListSql);
        command.Parameters.AddWithValue("tenant", http.GetMeshTenant());
        command.Parameters.AddWithValue("application", application);
        command.Parameters.Add(Text("service", service));
        command.Parameters.Add(Text("config", config));
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)since?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)until?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", take);
        var judgments = new List<CanaryScore>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) judgments.Add(CanaryScore.Of(JudgmentTable.ReadJudgment(reader.GetString(0))));
        return TypedResults.Ok(new CanaryScoreList(judgments));
    }

    public static async Task<Results<Ok<CanaryScore>, ProblemHttpResult>> GetAsync(
        string judgmentId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT judgment::text FROM canary_score.judgments WHERE tenant = @tenant AND judgment_id = @id");
        command.Parameters.AddWithValue("tenant", http.GetMeshTenant());
        command.Parameters.AddWithValue("id", judgmentId);
        return await command.ExecuteScalarAsync(ct) is string json
            ? TypedResults.Ok(CanaryScore.Of(JudgmentTable.ReadJudgment(json)))
            : MeshProblems.NotFound("Canary judgment not found", $"No canary run '{judgmentId}' was reported by Echo or Kayenta.");
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(value) ? DBNull.Value : value };
}
