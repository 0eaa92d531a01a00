using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Rollback.Gate;
using Spinnaker.Mesh.Rollback.Tests.Execution.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Execution;

/// <summary>The executor on the service's store with an in-test Gate: an approved decision starts its rollback pipeline once.</summary>
[TestFixture, NonParallelizable]
public sealed class When_an_approved_decision_is_carried_out
{
    private const string Tenant = "acme";
    private ExecutorBench _bench = null!;

    [OneTimeSetUp]
    public async Task Open() => _bench = await ExecutorBench.CreateAsync();

    [OneTimeTearDown]
    public async Task Close() => await _bench.DisposeAsync();

    private async Task<DecisionSeed> ApprovedAsync(string decisionId)
    {
        var seed = new DecisionSeed(Tenant, decisionId);
        await seed.AppendAsync(_bench.Store);
        return seed;
    }

    [Test]
    public async Task Should_start_the_rollback_pipeline_with_the_decision_and_record_the_execution()
    {
        var seed = await ApprovedAsync("dec-start");
        var gate = new ScriptedGate().Starts("01HXRBSTART");

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        var call = gate.Triggers.Single();
        Assert.That((call.Application, call.PipelineNameOrId, call.DecisionId, call.Reason),
            Is.EqualTo((DecisionSeed.RollbackApplication, seed.RollbackPipeline, seed.DecisionId, DecisionSeed.Reason)));
        Assert.That(call.Parameters, Is.EquivalentTo(seed.Parameters));

        var steps = await _bench.Store.StepsAsync(Tenant, seed.DecisionId);
        Assert.That(steps.Select(s => s.GetType()), Is.EqualTo(new[]
        {
            typeof(RollbackProposed), typeof(RollbackApproved), typeof(RollbackTriggerIntended), typeof(RollbackTriggered),
        }));
        var triggered = (RollbackTriggered)steps[3];
        Assert.That((triggered.DecisionId, triggered.RollbackExecutionId, triggered.Attempts, triggered.Reconciled),
            Is.EqualTo((seed.DecisionId, "01HXRBSTART", 1, false)));
        Assert.That((await _bench.Store.StepIdsAsync(Tenant, seed.DecisionId)).Skip(2),
            Is.EqualTo(new[] { ((RollbackTriggerIntended)steps[2]).EventId, triggered.EventId }), "stored under the steps' own ids");

        var decision = (await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!;
        Assert.That((decision.Status, decision.RollbackExecutionId, decision.Attempts), Is.EqualTo((DecisionStatus.Triggered, "01HXRBSTART", 1)));

        var published = _bench.Published<RollbackTriggered>().Single(p => p.Message.DecisionId == seed.DecisionId);
        Assert.That(published.Message, Is.EqualTo(triggered));
        Assert.That(published.MessageId, Is.EqualTo(triggered.EventId));
        Assert.That(await _bench.OutboxCountAsync(), Is.Zero, "published, so out of the outbox");
    }

    [Test]
    public async Task Should_not_call_Gate_again_when_the_approval_comes_again()
    {
        var seed = await ApprovedAsync("dec-again");
        var gate = new ScriptedGate().Starts("01HXRBAGAIN");
        var executor = _bench.Executor(gate);

        await executor.CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        var again = await executor.CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        var elsewhere = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(gate.Triggers, Has.Count.EqualTo(1));
        Assert.That(again, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        Assert.That(elsewhere, Is.EqualTo(again));
    }

    [Test]
    public async Task Should_leave_a_decision_held_by_another_replica_to_it()
    {
        var seed = await ApprovedAsync("dec-held");
        var answer = new TaskCompletionSource<GateTriggerResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ScriptedGate().Holds(answer.Task);

        var first = _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        await Testing.Eventually.GetAsync(() => Task.FromResult(gate.Triggers.Count), n => n == 1, what: "the first replica's call");
        var second = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        answer.SetResult(new GateTriggerResult("01HXRBHELD"));

        Assert.That(second, Is.EqualTo((CarryOutcome.Busy, (string?)null)));
        Assert.That(await first, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        Assert.That(gate.Triggers, Has.Count.EqualTo(1));
        Assert.That(gate.Lookups, Is.Zero, "the second replica did not reconcile a call under way");
    }

    [Test]
    public async Task Should_not_touch_a_decision_that_waits_for_an_operator()
    {
        var seed = new DecisionSeed(Tenant, "dec-proposed");
        await using (var session = _bench.Store.LightweightSession(Tenant))
        {
            session.Events.StartStream(seed.StreamKey, seed.Proposed);
            await session.SaveChangesAsync();
        }
        var gate = new ScriptedGate();

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        var missing = await _bench.Executor(gate).CarryOutAsync(Tenant, "dec-nowhere", _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Proposed)));
        Assert.That(missing.Outcome, Is.EqualTo(CarryOutcome.Missing));
        Assert.That(gate.Triggers, Is.Empty);
    }

    [Test]
    public async Task Should_keep_tenants_apart()
    {
        var seed = await ApprovedAsync("dec-tenant");
        var gate = new ScriptedGate();

        var carried = await _bench.Executor(gate).CarryOutAsync("globex", seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried.Outcome, Is.EqualTo(CarryOutcome.Missing));
        Assert.That(gate.Triggers, Is.Empty);
    }
}

/// <summary>Gate refuses, or is unavailable for a while: bounded retries with a growing delay, then the decision fails with Gate's reason.</summary>
[TestFixture, NonParallelizable]
public sealed class When_Gate_does_not_start_the_rollback_pipeline
{
    private const string Tenant = "acme";
    private ExecutorBench _bench = null!;

    [OneTimeSetUp]
    public async Task Open() => _bench = await ExecutorBench.CreateAsync();

    [OneTimeTearDown]
    public async Task Close() => await _bench.DisposeAsync();

    private async Task<DecisionSeed> ApprovedAsync(string decisionId)
    {
        var seed = new DecisionSeed(Tenant, decisionId);
        await seed.AppendAsync(_bench.Store);
        return seed;
    }

    [Test]
    public async Task Should_try_again_after_unavailable_answers_and_record_every_attempt()
    {
        var seed = await ApprovedAsync("dec-503");
        var gate = new ScriptedGate().Refuses(503, "Gate answered 503 Service Unavailable", retryable: true)
            .Refuses(503, "Gate answered 503 Service Unavailable", retryable: true).Starts("01HXRB503");

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Triggered)));
        Assert.That(gate.Triggers, Has.Count.EqualTo(3));
        var steps = (await _bench.Store.StepsAsync(Tenant, seed.DecisionId)).Skip(2).ToList();
        Assert.That(steps.Select(s => s switch
        {
            RollbackTriggerIntended i => $"intended {i.Attempt}",
            RollbackTriggerAttemptFailed f => $"failed {f.Attempt} {f.GateStatus} {f.Retryable}",
            RollbackTriggered t => $"triggered {t.Attempts} {t.RollbackExecutionId}",
            _ => s.GetType().Name,
        }), Is.EqualTo(new[]
        {
            "intended 1", "failed 1 503 True", "intended 2", "failed 2 503 True", "intended 3", "triggered 3 01HXRB503",
        }));
        var failures = steps.OfType<RollbackTriggerAttemptFailed>().ToList();
        var intents = steps.OfType<RollbackTriggerIntended>().ToList();
        Assert.That(intents[2].IntendedAt - failures[1].FailedAt, Is.GreaterThanOrEqualTo(ExecutorBench.Fast().RetryDelay * 2), "the delay doubles");
    }

    [Test]
    public async Task Should_fail_the_decision_once_the_attempts_are_used_up()
    {
        var seed = await ApprovedAsync("dec-exhausted");
        var gate = new ScriptedGate();
        for (var i = 0; i < 3; i++) gate.Refuses(502, "Gate answered 502 Bad Gateway", retryable: true);

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        var again = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Failed)));
        Assert.That(again, Is.EqualTo(carried));
        Assert.That(gate.Triggers, Has.Count.EqualTo(3));
        var failed = _bench.Published<RollbackFailed>().Single(p => p.Message.DecisionId == seed.DecisionId);
        Assert.That(failed.Message.Reason, Is.EqualTo("Gate did not start checkout-ops/Rollback checkout in 3 attempts; last error: Gate answered 502 Bad Gateway"));
        Assert.That(failed.Message.RollbackExecutionId, Is.Null);
        Assert.That(failed.MessageId, Is.EqualTo(failed.Message.EventId));
        var decision = (await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!;
        Assert.That((decision.Status, decision.Attempts, decision.FailureReason), Is.EqualTo((DecisionStatus.Failed, 3, failed.Message.Reason)));
    }

    [Test]
    public async Task Should_fail_at_once_when_Gate_refuses_the_request()
    {
        var seed = await ApprovedAsync("dec-400");
        var gate = new ScriptedGate().Refuses(400, "Gate answered 400: pipeline parameter 'cluster' is required", retryable: false);

        var carried = await _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Failed)));
        Assert.That(gate.Triggers, Has.Count.EqualTo(1));
        var failed = _bench.Published<RollbackFailed>().Single(p => p.Message.DecisionId == seed.DecisionId).Message;
        Assert.That(failed.Reason, Is.EqualTo(
            "Gate refused to start checkout-ops/Rollback checkout (HTTP 400): Gate answered 400: pipeline parameter 'cluster' is required"));
    }

    [TestCase(true, 20)]
    [TestCase(false, 1)]
    public async Task Should_leave_a_retry_that_is_not_due_to_the_sweep(bool waitForRetry, int retryDelaySeconds)
    {
        var seed = await ApprovedAsync($"dec-later-{waitForRetry}");
        var gate = new ScriptedGate().Refuses(503, "Gate answered 503", retryable: true);
        // The consumer waits out delays shorter than the sweep interval only; the sweep waits out none.
        var slow = new ExecutionOptions { RetryDelay = TimeSpan.FromSeconds(retryDelaySeconds), SweepInterval = TimeSpan.FromSeconds(10) };

        var carried = await _bench.Executor(gate, slow).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None, waitForRetry);

        Assert.That(carried, Is.EqualTo((CarryOutcome.Postponed, (string?)DecisionStatus.Approved)));
        Assert.That(gate.Triggers, Has.Count.EqualTo(1));
        var decision = (await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!;
        Assert.That((decision.Status, decision.Attempts, decision.LastError), Is.EqualTo((DecisionStatus.Approved, 1, "Gate answered 503")));
    }
}
