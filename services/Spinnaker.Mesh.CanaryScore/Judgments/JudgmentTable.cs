using System.Text.Json;
using Marten;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// <c>canary_score.judgments</c>: one row per canary run and tenant, kept by <see cref="JudgmentProjection"/>. The
/// merged run is stored whole (<c>judgment</c>, as the API answers it) beside the columns history and trends filter and
/// sort on, and each source's report (<c>echo</c>, <c>kayenta</c>) so that the next report merges without a replay.
/// </summary>
internal static class JudgmentTable
{
    public static readonly PostgresqlObjectName Name = new(CanaryScoreModule.Schema, "judgments", SchemaUtils.IdentifierUsage.General);

    /// <summary>Rows and events as JSON: camelCase, with the named floating-point literals Kayenta may send.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Table Create()
    {
        var table = new Table(Name);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("judgment_id", "text").AsPrimaryKey();
        table.AddColumn("application", "text").NotNull();
        // Empty when the scope named no service, so trends group and filter on plain equality.
        table.AddColumn("service", "text").NotNull();
        table.AddColumn("config_key", "text").NotNull();
        table.AddColumn("config_id", "text");
        table.AddColumn("config_name", "text");
        table.AddColumn("score", "double precision");
        table.AddColumn("classification", "text");
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("judged_at", "timestamptz").NotNull();
        table.AddColumn("judgment", "jsonb").NotNull();
        table.AddColumn("echo", "jsonb");
        table.AddColumn("kayenta", "jsonb");
        table.AddColumn("updated_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX judgments_history ON {Name.QualifiedName} USING btree (tenant, application, judged_at DESC, judgment_id DESC)"));
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX judgments_trend ON {Name.QualifiedName} USING btree (tenant, application, service, config_key, judged_at DESC)"));
        return table;
    }

    // One row per key, in the keys' order; null reports where a run has no row (yet), since Marten's raw SQL reads
    // one column: both reports travel in one jsonb.
    private const string LoadSql = """
        SELECT jsonb_build_object('echo', j.echo, 'kayenta', j.kayenta)::text
        FROM unnest(?::text[]) WITH ORDINALITY AS k(judgment_id, position)
        LEFT JOIN canary_score.judgments j ON j.tenant = ? AND j.judgment_id = k.judgment_id
        ORDER BY k.position
        """;

    /// <summary>What the sources reported so far about each of a tenant's runs (absent: nothing).</summary>
    public static async Task<Dictionary<string, CanaryRunReports>> LoadReportsAsync(
        IQuerySession session, string tenant, IReadOnlyList<string> judgmentIds, CancellationToken ct)
    {
        var reports = new Dictionary<string, CanaryRunReports>(StringComparer.Ordinal);
        if (judgmentIds.Count == 0) return reports;
        var rows = await session.AdvancedSql.QueryAsync<string>(LoadSql, ct, judgmentIds.ToArray(), tenant);
        for (var i = 0; i < judgmentIds.Count; i++)
        {
            var stored = JsonSerializer.Deserialize<StoredReports>(rows[i], Json);
            if (stored?.Echo is null && stored?.Kayenta is null) continue;
            reports[judgmentIds[i]] = new CanaryRunReports(stored.Echo, stored.Kayenta);
        }
        return reports;
    }

    private sealed record StoredReports(OrcaCanaryRunRecorded? Echo, KayentaCanaryRunRecorded? Kayenta);

    // The rows travel as one JSON array, so nulls need no typed parameters.
    private const string UpsertSql = """
        INSERT INTO canary_score.judgments AS t (tenant, judgment_id, application, service, config_key, config_id, config_name,
            score, classification, status, judged_at, judgment, echo, kayenta)
        SELECT r.tenant, r.judgment_id, r.application, r.service, r.config_key, r.config_id, r.config_name,
            r.score, r.classification, r.status, r.judged_at, r.judgment, r.echo, r.kayenta
        FROM jsonb_to_recordset(?::jsonb) AS r(tenant text, judgment_id text, application text, service text, config_key text,
            config_id text, config_name text, score double precision, classification text, status text, judged_at timestamptz,
            judgment jsonb, echo jsonb, kayenta jsonb)
        ON CONFLICT (tenant, judgment_id) DO UPDATE SET
            application = EXCLUDED.application, service = EXCLUDED.service, config_key = EXCLUDED.config_key,
            config_id = EXCLUDED.config_id, config_name = EXCLUDED.config_name, score = EXCLUDED.score,
            classification = EXCLUDED.classification, status = EXCLUDED.status, judged_at = EXCLUDED.judged_at,
            judgment = EXCLUDED.judgment, echo = EXCLUDED.echo, kayenta = EXCLUDED.kayenta, updated_at = now()
        """;

    /// <summary>Queues, on the session, the upsert of every run's row in one statement.</summary>
    public static void QueueUpsert(IDocumentOperations operations, IReadOnlyList<(Judgment Judgment, CanaryRunReports Reports)> runs)
    {
        if (runs.Count == 0) return;
        var rows = runs.Select(r => new Row(
            r.Judgment.Tenant, r.Judgment.JudgmentId, r.Judgment.Application, r.Judgment.Service ?? "", r.Judgment.ConfigKey,
            r.Judgment.ConfigId, r.Judgment.ConfigName, r.Judgment.Score, r.Judgment.Classification, r.Judgment.Status,
            r.Judgment.JudgedAt.ToUniversalTime(), r.Judgment, r.Reports.Echo, r.Reports.Kayenta));
        operations.QueueSqlCommand(UpsertSql, JsonSerializer.Serialize(rows, RowJson));
    }

    private static readonly JsonSerializerOptions RowJson = new(Json)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A row as <c>jsonb_to_recordset</c> reads it; the nested records keep camelCase (<see cref="NestedJson"/>).</summary>
    private sealed record Row(
        string Tenant, string JudgmentId, string Application, string Service, string ConfigKey, string? ConfigId, string? ConfigName,
        double? Score, string? Classification, string Status, DateTimeOffset JudgedAt,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(NestedJson<Judgment>))] Judgment Judgment,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(NestedJson<OrcaCanaryRunRecorded>))] OrcaCanaryRunRecorded? Echo,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(NestedJson<KayentaCanaryRunRecorded>))] KayentaCanaryRunRecorded? Kayenta);

    /// <summary>Writes a nested record camelCase inside the snake_case row.</summary>
    private sealed class NestedJson<T> : System.Text.Json.Serialization.JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<T>(ref reader, Json)!;

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Json);
    }

    /// <summary>A stored run as the API answers it.</summary>
    public static Judgment ReadJudgment(string json) =>
        JsonSerializer.Deserialize<Judgment>(json, Json) ?? throw new InvalidOperationException("A judgment row holds null.");
}
