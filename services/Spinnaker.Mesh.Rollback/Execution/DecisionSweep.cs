using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.Rollback.Decisions;

namespace Spinnaker.Mesh.Rollback.Execution;

/// <summary>
/// At start and every <see cref="ExecutionOptions.SweepInterval"/>: carries on every decision of every tenant left
/// <c>approved</c> (its RollbackApproved lost, or retries cut by a restart) or <c>triggering</c> (a call cut by a
/// crash: reconciled against Gate before anything else), and publishes what the outbox still holds. Decisions another
/// replica holds are skipped; it carries them on.
/// </summary>
internal sealed partial class DecisionSweep(
    IDocumentStore store, DecisionExecutor executor, ExecutionOutbox outbox, IBus bus,
    IOptions<ExecutionOptions> options, TimeProvider clock, ILogger<DecisionSweep> log) : BackgroundService
{
    /// <summary>Outbox entries younger than this are still being published by the process that committed them.</summary>
    private static readonly TimeSpan OutboxSettle = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the broker is away: the next sweep tries again, the service keeps running.
                LogSweepFailed(log, e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        IReadOnlyList<(string Tenant, string DecisionId)> open;
        await using (var session = store.QuerySession())
        {
            var decisions = await session.Query<RollbackDecision>()
                .Where(d => d.AnyTenant() && (d.Status == DecisionStatus.Approved || d.Status == DecisionStatus.Triggering))
                .OrderBy(d => d.ActedAt)
                .Take(1000)
                .ToListAsync(ct);
            open = [.. decisions.Select(d => (d.Tenant, d.DecisionId))];
        }
        foreach (var (tenant, decisionId) in open)
        {
            try
            {
                var (outcome, status) = await executor.CarryOutAsync(tenant, decisionId, bus, ct, waitForRetry: false);
                if (outcome != CarryOutcome.Busy) LogCarried(log, decisionId, tenant, outcome, status);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                LogDecisionFailed(log, decisionId, tenant, e);
            }
        }
        await outbox.PublishLeftoversAsync(bus, clock.GetUtcNow() - OutboxSettle, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep: decision {DecisionId} of tenant {Tenant}: {Outcome} ({Status})")]
    private static partial void LogCarried(ILogger logger, string decisionId, string tenant, CarryOutcome outcome, string? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep: decision {DecisionId} of tenant {Tenant} could not be carried on; next sweep")]
    private static partial void LogDecisionFailed(ILogger logger, string decisionId, string tenant, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep of open rollback decisions failed; next sweep")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
