using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;
using Spinnaker.Mesh.CanaryScore.Api;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Api;

/// <summary>
/// <c>GET /api/deployments/{executionId}/impact</c>: one production deployment's assessment (pending until its
/// windows have passed; 404 for a deployment that is not assessed: unknown, not production, or of an application
/// without an impact policy). <c>GET /api/impact?application=&amp;from=&amp;to=&amp;verdict=&amp;limit=</c>: the tenant's
/// assessments (of one application when given), by deploy end within [from, to], newest first.
/// </summary>
internal static class DeploymentImpactEndpoints
{
    public static readonly QueryLimit Limit = new(Default: 100, Max: 1000);

    private const string Select = """
        SELECT execution_id, application, verdict, score, reason, superseded_by, source, before_start, before_end, after_start,
            after_end, due_at, attempts, assessed_at, deployment::text, slis::text
        FROM canary_score.deployment_impacts
        """;

    private const string ListSql = Select + """

        WHERE tenant = @tenant
          AND (@application::text IS NULL OR application = @application)
          AND (@verdict::text IS NULL OR verdict = @verdict)
          AND (@from::timestamptz IS NULL OR deploy_ended_at >= @from)
          AND (@to::timestamptz IS NULL OR deploy_ended_at <= @to)
        ORDER BY deploy_ended_at DESC, execution_id DESC
        LIMIT @limit
        """;

    public static async Task<Results<Ok<DeploymentImpactResponse>, ProblemHttpResult>> GetAsync(
        string executionId, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Select + " WHERE tenant = @tenant AND execution_id = @id");
        command.Parameters.AddWithValue("tenant", http.GetMeshTenant());
        command.Parameters.AddWithValue("id", executionId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? TypedResults.Ok(Read(reader))
            : MeshProblems.NotFound("Deployment impact not found",
                $"No impact of deployment '{executionId}' was assessed: no production deploy of an application with an impact policy was seen in that execution.");
    }

    public static async Task<Results<Ok<DeploymentImpactList>, ValidationProblem>> ListAsync(
        string? application, string? from, string? to, string? verdict, string? limit, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!QueryWindow.TryRead(from, to, out var since, out var until, out var badWindow)) return badWindow;
        string? canonical = null;
        if (!string.IsNullOrWhiteSpace(verdict) && (canonical = ImpactVerdicts.Canonical(verdict.Trim())) is null)
            return MeshProblems.InvalidField("verdict", $"verdict must be one of {string.Join(", ", ImpactVerdicts.All)}.");
        if (!Limit.TryRead(limit, out var take)) return Limit.Invalid();

        await using var command = db.CreateCommand(ListSql);
        command.Parameters.AddWithValue("tenant", http.GetMeshTenant());
        command.Parameters.Add(Text("application", application));
        command.Parameters.Add(Text("verdict", canonical));
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)since?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)until?.ToUniversalTime() ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", take);
        var deployments = new List<DeploymentImpactResponse>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) deployments.Add(Read(reader));
        return TypedResults.Ok(new DeploymentImpactList(deployments));
    }

    private static DeploymentImpactResponse Read(NpgsqlDataReader r)
    {
        var d = JsonSerializer.Deserialize<ImpactDeployment>(r.GetString(14), DeploymentImpactTable.Json)
                ?? throw new InvalidOperationException("A deployment-impact row holds no deployment.");
        var slis = r.IsDBNull(15) ? [] : JsonSerializer.Deserialize<IReadOnlyList<SliImpact>>(r.GetString(15), DeploymentImpactTable.Json) ?? [];
        var verdict = r.GetString(2);
        var pending = verdict == ImpactVerdicts.Pending;
        var afterEnd = r.GetFieldValue<DateTimeOffset>(10);
        var reason = r.IsDBNull(4) ? null : r.GetString(4);
        if (pending && reason is null) reason = $"assessed once the after window has ended at {afterEnd:O}";
        return new DeploymentImpactResponse(
            r.GetString(0), r.GetString(1), ImpactAssessor.Environment, verdict, r.IsDBNull(3) ? null : r.GetDouble(3), slis,
            r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13), reason, r.IsDBNull(5) ? null : r.GetString(5),
            new ImpactWindow(r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8)),
            new ImpactWindow(r.GetFieldValue<DateTimeOffset>(9), afterEnd),
            d.DeployStartedAt, d.DeployEndedAt, d.StageId, d.PipelineName, d.Cluster, d.Account, d.Region, d.Namespace, d.Version,
            r.IsDBNull(6) ? null : r.GetString(6), pending ? r.GetFieldValue<DateTimeOffset>(11) : null, r.GetInt32(12));
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = string.IsNullOrWhiteSpace(value) ? DBNull.Value : value };
}
