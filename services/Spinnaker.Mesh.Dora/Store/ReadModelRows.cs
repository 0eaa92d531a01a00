using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Spinnaker.Mesh.Dora.Domain.Classification;

namespace Spinnaker.Mesh.Dora.Store;

/// <summary>A stored row's key, content hash and (deployments) signals: what a re-classification compares against.</summary>
internal sealed record StoredRow(string K, string H, string? S);

/// <summary>
/// Writes an application's classification into <c>dora.deployments</c> and <c>dora.findings</c> in the session's
/// transaction: rows whose content hash changed are upserted, rows no longer produced are deleted, the rest is not
/// touched. The rows are JSON (<see cref="Json"/>): the domain's records as they are, read back by the API.
/// </summary>
internal static class ReadModelRows
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string DeploymentKey(ClassifiedDeployment row) => $"{row.Environment ?? ""}/{row.ExecutionId}";

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 16));

    public static string Signals(ClassifiedDeployment row) =>
        string.Join(',', row.FailureSignals.Select(s => s.Signal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private const string StoredDeploymentsSql = """
        SELECT coalesce(jsonb_agg(jsonb_build_object('k', row_key, 'h', content_hash, 's', signals)), '[]'::jsonb)::text
        FROM dora.deployments WHERE tenant = ? AND application = ?
        """;

    private const string StoredFindingsSql = """
        SELECT coalesce(jsonb_agg(jsonb_build_object('k', row_key, 'h', content_hash)), '[]'::jsonb)::text
        FROM dora.findings WHERE tenant = ? AND application = ?
        """;

    public static async Task<Dictionary<string, StoredRow>> StoredAsync(IQuerySession session, string tenant, string application, bool deployments, CancellationToken ct)
    {
        var json = (await session.AdvancedSql.QueryAsync<string>(deployments ? StoredDeploymentsSql : StoredFindingsSql, ct, tenant, application)).Single();
        return (JsonSerializer.Deserialize<List<StoredRow>>(json, Json) ?? []).ToDictionary(r => r.K, StringComparer.Ordinal);
    }

    /// <summary>A deployment row ready to write.</summary>
    public sealed record DeploymentWrite(ClassifiedDeployment Row, string Key, string RowJson, string Hash);

    public static DeploymentWrite ToWrite(ClassifiedDeployment row)
    {
        var json = JsonSerializer.Serialize(row, Json);
        return new DeploymentWrite(row, DeploymentKey(row), json, Hash(json));
    }

    private const string UpsertDeploymentsSql = """
        INSERT INTO dora.deployments AS t (tenant, application, row_key, environment, execution_id, time, deployment_time,
            classification, change_failure, open_failure, signals, content_hash, row)
        SELECT r.tenant, r.application, r.row_key, r.environment, r.execution_id, r.time, r.deployment_time,
            r.classification, r.change_failure, r.open_failure, r.signals, r.content_hash, r.row
        FROM jsonb_to_recordset(?::jsonb) AS r(tenant text, application text, row_key text, environment text, execution_id text,
            time timestamptz, deployment_time timestamptz, classification text, change_failure boolean, open_failure boolean,
            signals text, content_hash text, row jsonb)
        ON CONFLICT (tenant, application, row_key) DO UPDATE SET
            environment = EXCLUDED.environment, execution_id = EXCLUDED.execution_id, time = EXCLUDED.time,
            deployment_time = EXCLUDED.deployment_time, classification = EXCLUDED.classification,
            change_failure = EXCLUDED.change_failure, open_failure = EXCLUDED.open_failure, signals = EXCLUDED.signals,
            content_hash = EXCLUDED.content_hash, row = EXCLUDED.row, updated_at = now()
        """;

    public static void QueueUpsert(IDocumentOperations operations, string tenant, string application, IReadOnlyList<DeploymentWrite> rows)
    {
        if (rows.Count == 0) return;
        var records = rows.Select(w => new
        {
            tenant, application, row_key = w.Key, environment = w.Row.Environment ?? "", execution_id = w.Row.ExecutionId,
            time = w.Row.Time, deployment_time = w.Row.DeploymentTime, classification = w.Row.Classification,
            change_failure = w.Row.ChangeFailure, open_failure = w.Row.IsOpenFailure, signals = Signals(w.Row),
            content_hash = w.Hash, row = JsonDocument.Parse(w.RowJson).RootElement,
        });
        operations.QueueSqlCommand(UpsertDeploymentsSql, JsonSerializer.Serialize(records, Json));
    }

    /// <summary>A finding row: <c>incident</c>, <c>duplicate</c> or <c>unmapped</c>, keyed within the application.</summary>
    public sealed record FindingWrite(string Key, string Kind, DateTimeOffset Time, string FindingJson, string Hash);

    public const string IncidentKind = "incident";
    public const string DuplicateKind = "duplicate";
    public const string UnmappedKind = "unmapped";

    public static IReadOnlyList<FindingWrite> Findings(ApplicationClassification classification)
    {
        FindingWrite Write(string kind, string key, DateTimeOffset time, object finding)
        {
            var json = JsonSerializer.Serialize(finding, finding.GetType(), Json);
            return new FindingWrite($"{kind}/{key}", kind, time, json, Hash(json));
        }
        return
        [
            .. classification.Incidents.Select(i => Write(IncidentKind, i.IncidentId, i.StartedAt, i)),
            .. classification.Duplicates.Select(d => Write(DuplicateKind, d.ExecutionId, d.Time, d)),
            .. classification.UnmappedAccounts.Select(u => Write(UnmappedKind, $"{u.Account}/{u.ExecutionId}", u.Time, u)),
        ];
    }

    private const string UpsertFindingsSql = """
        INSERT INTO dora.findings AS t (tenant, application, row_key, kind, time, content_hash, finding)
        SELECT r.tenant, r.application, r.row_key, r.kind, r.time, r.content_hash, r.finding
        FROM jsonb_to_recordset(?::jsonb) AS r(tenant text, application text, row_key text, kind text, time timestamptz,
            content_hash text, finding jsonb)
        ON CONFLICT (tenant, application, row_key) DO UPDATE SET
            kind = EXCLUDED.kind, time = EXCLUDED.time, content_hash = EXCLUDED.content_hash, finding = EXCLUDED.finding
        """;

    public static void QueueUpsert(IDocumentOperations operations, string tenant, string application, IReadOnlyList<FindingWrite> findings)
    {
        if (findings.Count == 0) return;
        var records = findings.Select(f => new
        {
            tenant, application, row_key = f.Key, kind = f.Kind, time = f.Time, content_hash = f.Hash,
            finding = JsonDocument.Parse(f.FindingJson).RootElement,
        });
        operations.QueueSqlCommand(UpsertFindingsSql, JsonSerializer.Serialize(records, Json));
    }

    public static void QueueDelete(IDocumentOperations operations, string tenant, string application, bool deployments, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0) return;
        var table = deployments ? DoraTables.Deployments.QualifiedName : DoraTables.Findings.QualifiedName;
        operations.QueueSqlCommand($"DELETE FROM {table} WHERE tenant = ? AND application = ? AND row_key = ANY(?)", tenant, application, keys.ToArray());
    }

    private const string UpsertApplicationSql = """
        INSERT INTO dora.applications (tenant, application, covered_from, classified_at) VALUES (?, ?, NULLIF(?, '')::timestamptz, now())
        ON CONFLICT (tenant, application) DO UPDATE SET covered_from = EXCLUDED.covered_from, classified_at = now()
        """;

    public static void QueueApplication(IDocumentOperations operations, string tenant, string application, DateTimeOffset? coveredFrom) =>
        operations.QueueSqlCommand(UpsertApplicationSql, tenant, application, coveredFrom?.UtcDateTime.ToString("O") ?? "");
}
