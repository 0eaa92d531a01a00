using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// <c>canary_score.deployment_impacts</c>: one row per assessed deployment and tenant, kept by
/// <see cref="DeploymentImpactProjection"/>. It is the list the API reads (<c>verdict</c> is <c>pending</c> until the
/// assessment is made) and the work queue of <see cref="ImpactAssessmentWorker"/> (pending rows by <c>due_at</c>), and
/// what overlapping deploys are found in (<c>application</c>, <c>deploy_started_at</c>).
/// </summary>
internal static class DeploymentImpactTable
{
    public static readonly PostgresqlObjectName Name = new(CanaryScoreModule.Schema, "deployment_impacts", SchemaUtils.IdentifierUsage.General);

    /// <summary>Rows and nested documents as JSON: camelCase, with the named floating-point literals.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Table Create()
    {
        var table = new Table(Name);
        table.AddColumn("tenant", "text").AsPrimaryKey();
        table.AddColumn("execution_id", "text").AsPrimaryKey();
        table.AddColumn("application", "text").NotNull();
        table.AddColumn("stage_id", "text").NotNull();
        table.AddColumn("verdict", "text").NotNull();
        table.AddColumn("score", "double precision");
        table.AddColumn("reason", "text");
        table.AddColumn("superseded_by", "text");
        table.AddColumn("source", "text");
        table.AddColumn("deploy_started_at", "timestamptz").NotNull();
        table.AddColumn("deploy_ended_at", "timestamptz").NotNull();
        table.AddColumn("before_start", "timestamptz").NotNull();
        table.AddColumn("before_end", "timestamptz").NotNull();
        table.AddColumn("after_start", "timestamptz").NotNull();
        table.AddColumn("after_end", "timestamptz").NotNull();
        table.AddColumn("due_at", "timestamptz").NotNull();
        table.AddColumn("attempts", "integer").NotNull().DefaultValueByExpression("0");
        table.AddColumn("assessed_at", "timestamptz");
        table.AddColumn("deployment", "jsonb").NotNull();
        table.AddColumn("slis", "jsonb");
        table.AddColumn("updated_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployment_impacts_due ON {Name.QualifiedName} USING btree (verdict, due_at)"));
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployment_impacts_application ON {Name.QualifiedName} USING btree (tenant, application, deploy_ended_at DESC, execution_id DESC)"));
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployment_impacts_tenant ON {Name.QualifiedName} USING btree (tenant, deploy_ended_at DESC, execution_id DESC)"));
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployment_impacts_overlap ON {Name.QualifiedName} USING btree (tenant, application, deploy_started_at)"));
        return table;
    }

    private const string Columns = """
        r(tenant text, execution_id text, application text, stage_id text, verdict text, score double precision, reason text,
          superseded_by text, source text, deploy_started_at timestamptz, deploy_ended_at timestamptz, before_start timestamptz,
          before_end timestamptz, after_start timestamptz, after_end timestamptz, due_at timestamptz, attempts integer,
          assessed_at timestamptz, deployment jsonb, slis jsonb)
        """;

    private const string ScheduleSql = $"""
        INSERT INTO canary_score.deployment_impacts (tenant, execution_id, application, stage_id, verdict, source, deploy_started_at,
            deploy_ended_at, before_start, before_end, after_start, after_end, due_at, attempts, deployment)
        SELECT r.tenant, r.execution_id, r.application, r.stage_id, 'pending', r.source, r.deploy_started_at, r.deploy_ended_at,
            r.before_start, r.before_end, r.after_start, r.after_end, r.due_at, 0, r.deployment
        FROM jsonb_to_record(?::jsonb) AS {Columns}
        ON CONFLICT (tenant, execution_id) DO NOTHING
        """;

    private const string ExtendSql = $"""
        UPDATE canary_score.deployment_impacts AS t SET stage_id = r.stage_id, deploy_started_at = r.deploy_started_at,
            deploy_ended_at = r.deploy_ended_at, before_start = r.before_start, before_end = r.before_end, after_start = r.after_start,
            after_end = r.after_end, due_at = r.due_at, deployment = r.deployment, updated_at = now()
        FROM jsonb_to_record(?::jsonb) AS {Columns}
        WHERE t.tenant = r.tenant AND t.execution_id = r.execution_id AND t.verdict = 'pending'
        """;

    private const string RetrySql = $"""
        UPDATE canary_score.deployment_impacts AS t SET attempts = r.attempts, due_at = r.due_at, reason = r.reason, updated_at = now()
        FROM jsonb_to_record(?::jsonb) AS {Columns}
        WHERE t.tenant = r.tenant AND t.execution_id = r.execution_id AND t.verdict = 'pending'
        """;

    private const string AssessSql = $"""
        UPDATE canary_score.deployment_impacts AS t SET verdict = r.verdict, score = r.score, reason = r.reason,
            superseded_by = r.superseded_by, assessed_at = r.assessed_at, slis = r.slis, updated_at = now()
        FROM jsonb_to_record(?::jsonb) AS {Columns}
        WHERE t.tenant = r.tenant AND t.execution_id = r.execution_id
        """;

    public static void QueueScheduled(IDocumentOperations operations, string tenant, DeploymentImpactScheduled e) =>
        operations.QueueSqlCommand(ScheduleSql, Serialize(Of(tenant, e.Deployment, e.Windows, e.DueAt) with { Source = e.Policy.Source }));

    public static void QueueExtended(IDocumentOperations operations, string tenant, DeploymentImpactExtended e) =>
        operations.QueueSqlCommand(ExtendSql, Serialize(Of(tenant, e.Deployment, e.Windows, e.DueAt)));

    public static void QueueRetry(IDocumentOperations operations, string tenant, string executionId, DeploymentImpactRetryScheduled e) =>
        operations.QueueSqlCommand(RetrySql, Serialize(new Row { Tenant = tenant, ExecutionId = executionId, Attempts = e.Attempt, DueAt = e.RetryAt, Reason = e.Reason }));

    public static void QueueAssessed(IDocumentOperations operations, string tenant, DeploymentImpactAssessed e) =>
        operations.QueueSqlCommand(AssessSql, Serialize(new Row
        {
            Tenant = tenant, ExecutionId = e.ExecutionId, Verdict = e.Verdict, Score = e.Score, Reason = e.Reason,
            SupersededBy = e.SupersededBy, AssessedAt = e.AssessedAt.ToUniversalTime(), Slis = e.Slis,
        }));

    private static Row Of(string tenant, ImpactDeployment d, ImpactWindows w, DateTimeOffset dueAt) => new()
    {
        Tenant = tenant, ExecutionId = d.ExecutionId, Application = d.Application, StageId = d.StageId,
        DeployStartedAt = d.DeployStartedAt.ToUniversalTime(), DeployEndedAt = d.DeployEndedAt.ToUniversalTime(),
        BeforeStart = w.Before.Start.ToUniversalTime(), BeforeEnd = w.Before.End.ToUniversalTime(),
        AfterStart = w.After.Start.ToUniversalTime(), AfterEnd = w.After.End.ToUniversalTime(), DueAt = dueAt.ToUniversalTime(), Deployment = d,
    };

    private static string Serialize(Row row) => JsonSerializer.Serialize(row, RowJson);

    private static readonly JsonSerializerOptions RowJson = new(Json)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>A row as <c>jsonb_to_record</c> reads it; nested documents keep camelCase (<see cref="NestedJson{T}"/>).</summary>
    private sealed record Row
    {
        public required string Tenant { get; init; }
        public required string ExecutionId { get; init; }
        public string? Application { get; init; }
        public string? StageId { get; init; }
        public string? Verdict { get; init; }
        public double? Score { get; init; }
        public string? Reason { get; init; }
        public string? SupersededBy { get; init; }
        public string? Source { get; init; }
        public DateTimeOffset? DeployStartedAt { get; init; }
        public DateTimeOffset? DeployEndedAt { get; init; }
        public DateTimeOffset? BeforeStart { get; init; }
        public DateTimeOffset? BeforeEnd { get; init; }
        public DateTimeOffset? AfterStart { get; init; }
        public DateTimeOffset? AfterEnd { get; init; }
        public DateTimeOffset? DueAt { get; init; }
        public int? Attempts { get; init; }
        public DateTimeOffset? AssessedAt { get; init; }
        [JsonConverter(typeof(NestedJson<ImpactDeployment>))] public ImpactDeployment? Deployment { get; init; }
        [JsonConverter(typeof(NestedJson<IReadOnlyList<SliImpact>>))] public IReadOnlyList<SliImpact>? Slis { get; init; }
    }

    /// <summary>Writes a nested document camelCase inside the snake_case row.</summary>
    private sealed class NestedJson<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<T>(ref reader, Json)!;

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Json);
    }
}
