using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Rollback.Gate;
using Spinnaker.Mesh.Rollback.Tests.Execution.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Execution;

/// <summary>
/// A process died between an attempt's intent and its outcome (the stream ends with RollbackTriggerIntended and no one
/// holds the decision): Gate's recent executions decide, before anything calls again.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_call_was_cut_between_intent_and_outcome
{
    private const string Tenant = "acme";
    private ExecutorBench _bench = null!;

    [OneTimeSetUp]
    public async Task Open() => _bench = await ExecutorBench.CreateAsync();

    [OneTimeTearDown]
    public async Task Close() => await _bench.DisposeAsync();

    /// <summary>An approved decision whose attempt 1 was intended <paramref name="ago"/> and never answered.</summary>
    private async Task<DecisionSeed> CutAsync(string decisionId, TimeSpan ago)
    {
        var seed = new DecisionSeed(Tenant, decisionId);
        await seed.AppendAsync(_bench.Store);
        var state = (await DecisionReads.LoadAsync(_bench.Store, Tenant, decisionId, CancellationToken.None))!;
        await DecisionReads.AppendAsync(_bench.Store, state, [ExecutionEvents.Intended(state.Decision, 1, DateTimeOffset.UtcNow - ago)], CancellationToken.None);
        return seed;
    }

    private static GateExecution Execution(string id, string? decisionId, int secondsAgo) =>
        new(id, DecisionSeed.DefaultPipeline, "cfg-rollback", "RUNNING", DateTimeOffset.UtcNow.AddSeconds(-secondsAgo), decisionId);

    [Test]
    public async Task Should_record_the_execution_Gate_lists_for_the_decision_without_calling_again()
    {
        var seed = await CutAsync("dec-found", TimeSpan.FromSeconds(5));
        var gate = new ScriptedGate();
        gate.Executions.AddRange([Execution("01HXNEWER", "dec-other", 1), Execution("01HXFOUND", seed.DecisionId, 4), Execution("01HXOLD", null, 600)]);

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        Assert.That(gate.Triggers, Is.Empty);
        var triggered = _bench.Published<RollbackTriggered>().Single(p => p.Message.DecisionId == seed.DecisionId).Message;
        Assert.That((triggered.RollbackExecutionId, triggered.Reconciled, triggered.Attempts), Is.EqualTo(("01HXFOUND", true, 1)));
        Assert.That((await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!.RollbackExecutionId, Is.EqualTo("01HXFOUND"));
    }

    [Test]
    public async Task Should_try_the_next_attempt_once_the_lost_calls_grace_is_over()
    {
        var seed = await CutAsync("dec-lost", TimeSpan.FromMinutes(5));
        var gate = new ScriptedGate().Starts("01HXSECOND");
        gate.Executions.Add(Execution("01HXNOTMINE", "dec-other", 30));

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        Assert.That(gate.Triggers, Has.Count.EqualTo(1));
        var steps = (await _bench.Store.StepsAsync(Tenant, seed.DecisionId)).Skip(3).ToList();
        var lost = (RollbackTriggerAttemptFailed)steps[0];
        Assert.That((lost.Attempt, lost.Error, lost.Retryable), Is.EqualTo((1, ExecutionEvents.LostCallError, true)));
        Assert.That(steps.Skip(1).Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackTriggerIntended), typeof(RollbackTriggered) }));
        Assert.That(((RollbackTriggered)steps[2]).Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Should_not_call_while_a_recent_intent_may_still_reach_Orca()
    {
        var seed = await CutAsync("dec-recent", TimeSpan.FromSeconds(3));
        var gate = new ScriptedGate();

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Postponed, (string?)DecisionStatus.Triggering)));
        Assert.That((gate.Triggers.Count, gate.Lookups), Is.EqualTo((0, 1)));
        Assert.That((await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!.Status, Is.EqualTo(DecisionStatus.Triggering));
    }

    [Test]
    public async Task Should_wait_for_Gate_to_answer_before_it_calls_again()
    {
        var seed = await CutAsync("dec-unreachable", TimeSpan.FromMinutes(10));
        var gate = new ScriptedGate { ExecutionsFailure = new GateCallException("Gate could not be reached: connection refused", null, retryable: true) };

        var postponed = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        gate.ExecutionsFailure = null;
        gate.Executions.Add(Execution("01HXLATE", seed.DecisionId, 590));
        var later = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(postponed, Is.EqualTo((CarryOutcome.Postponed, (string?)DecisionStatus.Triggering)));
        Assert.That(later, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        Assert.That(gate.Triggers, Is.Empty);
        Assert.That((await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!.RollbackExecutionId, Is.EqualTo("01HXLATE"));
    }
}

/// <summary>The sweep at start: decisions left approved or triggering by an earlier process, and contract steps it did not publish.</summary>
[TestFixture, NonParallelizable]
public sealed class When_the_sweep_finds_open_decisions
{
    private ExecutorBench _bench = null!;
    private ScriptedGate _gate = null!;
    private RollbackTriggered _unpublished = null!;

    [OneTimeSetUp]
    public async Task SweepOnce()
    {
        _bench = await ExecutorBench.CreateAsync();
        // Approved, its RollbackApproved lost.
        await new DecisionSeed("acme", "dec-approved").AppendAsync(_bench.Store);
        // Cut mid-call in another tenant, the execution listed at Gate.
        var cut = new DecisionSeed("globex", "dec-cut");
        await cut.AppendAsync(_bench.Store);
        var state = (await DecisionReads.LoadAsync(_bench.Store, cut.Tenant, cut.DecisionId, CancellationToken.None))!;
        await DecisionReads.AppendAsync(_bench.Store, state, [ExecutionEvents.Intended(state.Decision, 1, DateTimeOffset.UtcNow.AddSeconds(-20))], CancellationToken.None);
        // Triggered and committed, the process gone before it published.
        var committed = new DecisionSeed("acme", "dec-committed");
        await committed.AppendAsync(_bench.Store);
        state = (await DecisionReads.LoadAsync(_bench.Store, committed.Tenant, committed.DecisionId, CancellationToken.None))!;
        _unpublished = ExecutionEvents.Triggered(state.Decision, 1, "01HXCOMMITTED", reconciled: false, DateTimeOffset.UtcNow.AddMinutes(-1));
        await DecisionReads.AppendAsync(_bench.Store, state, [ExecutionEvents.Intended(state.Decision, 1, DateTimeOffset.UtcNow.AddMinutes(-1)), _unpublished], CancellationToken.None);
        await using (var backdate = _bench.Database.CreateCommand($"UPDATE {ExecutionOutbox.TableName} SET queued_at = now() - interval '1 minute'"))
            await backdate.ExecuteNonQueryAsync();

        _gate = new ScriptedGate().Starts("01HXAPPROVED");
        _gate.Executions.Add(new GateExecution("01HXCUT", DecisionSeed.DefaultPipeline, "cfg", "RUNNING", DateTimeOffset.UtcNow.AddSeconds(-19), "dec-cut"));
        await _bench.Sweep(_gate).SweepAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Close() => await _bench.DisposeAsync();

    [Test]
    public async Task Should_carry_out_an_approved_decision_whose_message_was_lost()
    {
        Assert.That(_gate.Triggers.Select(t => t.DecisionId), Is.EqualTo(new[] { "dec-approved" }));
        Assert.That((await _bench.Store.DecisionAsync("acme", "dec-approved"))!.RollbackExecutionId, Is.EqualTo("01HXAPPROVED"));
    }

    [Test]
    public async Task Should_reconcile_a_cut_call_without_calling()
    {
        var decision = (await _bench.Store.DecisionAsync("globex", "dec-cut"))!;
        Assert.That((decision.Status, decision.RollbackExecutionId), Is.EqualTo((DecisionStatus.Triggered, "01HXCUT")));
        Assert.That(_gate.Triggers.Select(t => t.DecisionId), Does.Not.Contain("dec-cut"));
    }

    [Test]
    public async Task Should_publish_what_was_committed_and_not_published()
    {
        var published = _bench.Published<RollbackTriggered>().Where(p => p.Message.DecisionId == "dec-committed").ToList();
        Assert.That(published.Select(p => (p.Message, p.MessageId)), Is.EqualTo(new[] { (_unpublished, (Guid?)_unpublished.EventId) }));
        Assert.That(await _bench.OutboxCountAsync(), Is.Zero);
    }
}
