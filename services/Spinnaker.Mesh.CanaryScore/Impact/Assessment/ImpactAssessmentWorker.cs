using System.Text.Json;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using Spinnaker.Mesh.EventSourcing;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Every <see cref="ImpactAssessmentOptions.PollInterval"/>, on every replica: publishes what earlier assessments left
/// unpublished, then makes the assessments that are due (pending rows whose <c>due_at</c> has passed, oldest first),
/// each in a transaction of its own that holds the row <c>FOR UPDATE SKIP LOCKED</c>, so each is made by one replica
/// and the others move on to the next. The outcome (<see cref="Contracts.Impact.V1.DeploymentImpactAssessed"/>, or
/// <see cref="DeploymentImpactRetryScheduled"/> while the source is down) commits with the row and the outbox; the
/// messages are published after the commit. Pending assessments are events and rows: a restarted process, or another
/// replica, picks them up where they were.
/// </summary>
/// <remarks>
/// The row stays locked while the metric source is queried (its client's timeout and retries bound that), so a
/// replica that dies mid-assessment leaves nothing half done: its transaction is rolled back and the row is due again.
/// </remarks>
internal sealed class ImpactAssessmentWorker(
    IDocumentStore store,
    NpgsqlDataSource db,
    ImpactAssessor assessor,
    ImpactPublisher publisher,
    IOptions<ImpactAssessmentOptions> options,
    TimeProvider clock,
    ImpactMetrics metrics,
    ILogger<ImpactAssessmentWorker> log) : BackgroundService
{
    private readonly ImpactAssessmentOptions _options = options.Value;

    private const string DueSql = """
        SELECT tenant, execution_id FROM canary_score.deployment_impacts
        WHERE verdict = 'pending' AND due_at <= @now ORDER BY due_at, tenant, execution_id LIMIT @limit
        """;

    private const string ClaimSql = """
        SELECT execution_id FROM canary_score.deployment_impacts
        WHERE tenant = ? AND execution_id = ? AND verdict = 'pending' AND due_at <= ? FOR UPDATE SKIP LOCKED
        """;

    private const string OthersSql = """
        SELECT jsonb_build_object('executionId', execution_id, 'deployStartedAt', deploy_started_at)::text
        FROM canary_score.deployment_impacts
        WHERE tenant = ? AND application = ? AND execution_id <> ? AND deploy_started_at >= ? AND deploy_started_at < ?
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    await PollAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "Deployment-impact poll failed; trying again in {PollInterval}", _options.PollInterval);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a pending assessment stays pending for the next process.
        }
    }

    /// <summary>One poll: the outbox, then every due assessment this replica can claim.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        await publisher.PublishPendingAsync(ct);
        var assessed = 0;
        foreach (var (tenant, executionId) in await DueAsync(ct))
            if (await AssessAsync(tenant, executionId, ct)) assessed++;
        if (assessed > 0) await publisher.PublishPendingAsync(ct);
    }

    private async Task<IReadOnlyList<(string Tenant, string ExecutionId)>> DueAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand(DueSql);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("limit", _options.MaxPerPoll);
        var due = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) due.Add((reader.GetString(0), reader.GetString(1)));
        return due;
    }

    /// <summary>Makes one attempt at an assessment, if no other replica holds it and it is still due; true when an outcome was recorded.</summary>
    private async Task<bool> AssessAsync(string tenant, string executionId, CancellationToken ct)
    {
        await using var session = store.LightweightSession(tenant);
        await session.BeginTransactionAsync(ct);
        var claimed = await session.AdvancedSql.QueryAsync<string>(ClaimSql, ct, tenant, executionId, clock.GetUtcNow());
        if (claimed.Count == 0) return false;

        var streamId = DeploymentImpactStreams.StreamId(executionId);
        var stored = await session.Events.FetchStreamAsync(streamId, token: ct);
        if (ImpactState.From(tenant, stored.Select(e => e.Data)) is not { IsPending: true } state)
        {
            log.LogWarning("Deployment-impact row {ExecutionId} (tenant {Tenant}) is pending but its stream is not", executionId, tenant);
            return false;
        }

        var others = await OthersAsync(session, state, ct);
        var outcome = await assessor.AssessAsync(state, Overlap.ConfounderOf(state.Deployment, state.Windows, others), ct);
        var next = outcome switch
        {
            ImpactAssessedOutcome a => new PendingEvent(tenant, streamId, a.Assessed.EventId, a.Assessed),
            ImpactRetryOutcome r => new PendingEvent(tenant, streamId, DeploymentImpactStreams.RetryId(tenant, executionId, r.Attempt),
                new DeploymentImpactRetryScheduled(r.Attempt, r.Reason, r.RetryAt)),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome.GetType()}"),
        };
        if ((await session.AppendNewAsync([next], ct)).Count == 0) return false;
        if (outcome is ImpactAssessedOutcome assessed) ImpactOutbox.Queue(session, assessed.Assessed);
        await session.SaveChangesAsync(ct);

        switch (outcome)
        {
            case ImpactAssessedOutcome { Assessed: var a }:
                metrics.Assessed(a.Verdict);
                log.Log(a.Verdict == ImpactVerdicts.Fail ? LogLevel.Warning : LogLevel.Information,
                    "Impact of production deploy {ExecutionId} of {Application} (tenant {Tenant}): {Verdict} (score {Score}): {Reason}",
                    a.ExecutionId, a.Application, tenant, a.Verdict, a.Score, a.Reason);
                break;
            case ImpactRetryOutcome r:
                metrics.Retried();
                log.LogWarning("Impact of production deploy {ExecutionId} (tenant {Tenant}) retried at {RetryAt:O} (attempt {Attempt} of {MaxAttempts}): {Reason}",
                    executionId, tenant, r.RetryAt, r.Attempt, _options.MaxAttempts, r.Reason);
                break;
        }
        return true;
    }

    /// <summary>The application's other deploys that started between this one's start and its after window's end.</summary>
    private static async Task<IReadOnlyList<OtherDeploy>> OthersAsync(IDocumentSession session, ImpactState state, CancellationToken ct)
    {
        var d = state.Deployment;
        var rows = await session.AdvancedSql.QueryAsync<string>(OthersSql, ct, state.Tenant, d.Application, d.ExecutionId,
            d.DeployStartedAt.ToUniversalTime(), state.Windows.After.End.ToUniversalTime());
        return [.. rows.Select(r => JsonSerializer.Deserialize<OtherDeploy>(r, DeploymentImpactTable.Json)!)];
    }
}
