using System.Text.Json;
using Marten;
using MassTransit;
using Npgsql;
using Spinnaker.Mesh.Contracts.Impact.V1;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// <c>canary_score.deployment_impact_publications</c>: what an assessment publishes (its
/// <see cref="DeploymentImpactAssessed"/>, and <see cref="DeploymentDegraded"/> when it failed), written in the
/// assessment's transaction and published after the commit. No consumer message is redelivered to publish again, so
/// the rows are the promise: a replica that dies between commit and publish leaves them for the next poll of any
/// replica. Not part of the projection: a rebuild does not publish anything again.
/// </summary>
internal static class ImpactOutbox
{
    public static readonly PostgresqlObjectName Name = new(CanaryScoreModule.Schema, "deployment_impact_publications", SchemaUtils.IdentifierUsage.General);

    public const string AssessedKind = "assessed";
    public const string DegradedKind = "degraded";

    public static Table Create()
    {
        var table = new Table(Name);
        table.AddColumn("message_id", "uuid").AsPrimaryKey();
        table.AddColumn("tenant", "text").NotNull();
        table.AddColumn("execution_id", "text").NotNull();
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("message", "jsonb").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull().DefaultValueByExpression("now()");
        table.AddColumn("published_at", "timestamptz");
        table.Indexes.Add(IndexDefinition.Parse(
            $"CREATE INDEX deployment_impact_publications_unpublished ON {Name.QualifiedName} USING btree (published_at, created_at)"));
        return table;
    }

    private const string InsertSql = """
        INSERT INTO canary_score.deployment_impact_publications (message_id, tenant, execution_id, kind, message)
        VALUES (?::uuid, ?, ?, ?, ?::jsonb) ON CONFLICT (message_id) DO NOTHING
        """;

    /// <summary>Queues, on the assessment's session, the messages it publishes.</summary>
    public static void Queue(IDocumentOperations operations, DeploymentImpactAssessed assessed)
    {
        operations.QueueSqlCommand(InsertSql, assessed.EventId.ToString(), assessed.Tenant, assessed.ExecutionId, AssessedKind,
            JsonSerializer.Serialize(assessed, DeploymentImpactTable.Json));
        if (assessed.Verdict != ImpactVerdicts.Fail) return;
        var degraded = ImpactAssessor.Degraded(assessed);
        operations.QueueSqlCommand(InsertSql, degraded.EventId.ToString(), degraded.Tenant, degraded.ExecutionId, DegradedKind,
            JsonSerializer.Serialize(degraded, DeploymentImpactTable.Json));
    }
}

/// <summary>
/// Publishes the outbox's unpublished messages, oldest first, each with MessageId = its EventId (subscribers
/// deduplicate a repeat), and marks them published. Rows are locked <c>FOR UPDATE SKIP LOCKED</c> while published, so
/// two replicas do not publish the same ones at once.
/// </summary>
internal sealed class ImpactPublisher(NpgsqlDataSource db, IBus bus, ImpactMetrics metrics, ILogger<ImpactPublisher> log)
{
    private const string PendingSql = """
        SELECT message_id, kind, message::text FROM canary_score.deployment_impact_publications
        WHERE published_at IS NULL ORDER BY created_at, message_id LIMIT 100 FOR UPDATE SKIP LOCKED
        """;

    private const string MarkSql = "UPDATE canary_score.deployment_impact_publications SET published_at = now() WHERE message_id = ANY(@ids)";

    /// <summary>Publishes what is pending; returns how many were published.</summary>
    public async Task<int> PublishPendingAsync(CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var published = await PublishBatchAsync(ct);
            total += published;
            if (published < 100) break;
        }
        return total;
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var pending = new List<(Guid Id, string Kind, string Json)>();
        await using (var command = new NpgsqlCommand(PendingSql, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) pending.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        if (pending.Count == 0) return 0;

        var done = new List<Guid>();
        try
        {
            foreach (var (id, kind, json) in pending)
            {
                object message = kind == ImpactOutbox.AssessedKind
                    ? JsonSerializer.Deserialize<DeploymentImpactAssessed>(json, DeploymentImpactTable.Json)!
                    : JsonSerializer.Deserialize<DeploymentDegraded>(json, DeploymentImpactTable.Json)!;
                await bus.Publish(message, message.GetType(), p => p.MessageId = id, ct);
                done.Add(id);
            }
        }
        finally
        {
            // What was published is marked even when a later publish failed: the rest waits for the next poll.
            if (done.Count > 0)
            {
                await using var mark = new NpgsqlCommand(MarkSql, connection, transaction);
                mark.Parameters.AddWithValue("ids", done.ToArray());
                await mark.ExecuteNonQueryAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                metrics.Published(done.Count);
                log.LogInformation("Published {Count} deployment-impact messages", done.Count);
            }
        }
        return done.Count;
    }
}
