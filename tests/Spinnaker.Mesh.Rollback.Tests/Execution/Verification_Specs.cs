using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Rollback.Gate;
using Spinnaker.Mesh.Rollback.Tests.Execution.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Execution;

/// <summary>The verifier on the service's store: Echo's completion of a decision's rollback execution ends the decision.</summary>
[TestFixture, NonParallelizable]
public sealed class When_Echo_reports_the_end_of_a_rollback_execution
{
    private const string Tenant = "acme";
    private ExecutorBench _bench = null!;

    [OneTimeSetUp]
    public async Task Open() => _bench = await ExecutorBench.CreateAsync();

    [OneTimeTearDown]
    public async Task Close() => await _bench.DisposeAsync();

    private async Task<DecisionSeed> TriggeredAsync(string decisionId, string executionId)
    {
        var seed = new DecisionSeed(Tenant, decisionId);
        await seed.AppendAsync(_bench.Store);
        await _bench.Executor(new ScriptedGate().Starts(executionId)).CarryOutAsync(Tenant, decisionId, _bench.Publisher, CancellationToken.None);
        return seed;
    }

    [Test]
    public async Task Should_end_the_decision_succeeded_and_publish_it()
    {
        var seed = await TriggeredAsync("dec-ok", "01HXRBOK");

        var status = await _bench.Verifier.VerifyAsync(RollbackRuns.Completed(Tenant, "01HXRBOK", "SUCCEEDED", seed.DecisionId), _bench.Publisher, CancellationToken.None);

        Assert.That(status, Is.EqualTo(DecisionStatus.Succeeded));
        var succeeded = _bench.Published<RollbackSucceeded>().Single(p => p.Message.DecisionId == seed.DecisionId);
        Assert.That((succeeded.Message.RollbackExecutionId, succeeded.MessageId), Is.EqualTo(("01HXRBOK", (Guid?)succeeded.Message.EventId)));
        Assert.That((await _bench.Store.DecisionAsync(Tenant, seed.DecisionId))!.Status, Is.EqualTo(DecisionStatus.Succeeded));
    }

    [Test]
    public async Task Should_find_the_decision_by_its_recorded_execution_and_end_it_failed()
    {
        var seed = await TriggeredAsync("dec-ko", "01HXRBKO");
        var completed = RollbackRuns.Completed(Tenant, "01HXRBKO", "TERMINAL", decisionId: null,
            RollbackRuns.Stage("s1", "undoRolloutManifest", "Undo rollout", "TERMINAL", "deployment checkout has no revision 41"));

        var status = await _bench.Verifier.VerifyAsync(completed, _bench.Publisher, CancellationToken.None);
        var again = await _bench.Verifier.VerifyAsync(completed, _bench.Publisher, CancellationToken.None);

        Assert.That((status, again), Is.EqualTo((DecisionStatus.Failed, DecisionStatus.Failed)));
        var failed = _bench.Published<RollbackFailed>().Single(p => p.Message.DecisionId == seed.DecisionId).Message;
        Assert.That(failed.Reason, Is.EqualTo("rollback execution 01HXRBKO ended TERMINAL: stage 'Undo rollout' (undoRolloutManifest) TERMINAL: deployment checkout has no revision 41"));
        Assert.That(failed.RollbackExecutionId, Is.EqualTo("01HXRBKO"));
    }

    [Test]
    public async Task Should_ignore_executions_that_are_no_decisions_rollback()
    {
        var status = await _bench.Verifier.VerifyAsync(RollbackRuns.Completed(Tenant, "01HXDEPLOY", "SUCCEEDED", null), _bench.Publisher, CancellationToken.None);
        var unknown = await _bench.Verifier.VerifyAsync(RollbackRuns.Completed(Tenant, "01HXDEPLOY", "SUCCEEDED", "dec-unknown"), _bench.Publisher, CancellationToken.None);

        Assert.That((status, unknown), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public async Task Should_record_the_start_from_Echo_when_it_comes_before_Gates_answer()
    {
        var seed = new DecisionSeed(Tenant, "dec-fast-echo");
        await seed.AppendAsync(_bench.Store);
        var answer = new TaskCompletionSource<GateTriggerResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ScriptedGate().Holds(answer.Task);

        var carrying = _bench.Executor(gate).CarryOutAsync(Tenant, seed.DecisionId, _bench.Publisher, CancellationToken.None);
        await Testing.Eventually.GetAsync(() => Task.FromResult(gate.Triggers.Count), n => n == 1, what: "the call under way");
        var status = await _bench.Verifier.VerifyAsync(RollbackRuns.Completed(Tenant, "01HXFAST", "SUCCEEDED", seed.DecisionId), _bench.Publisher, CancellationToken.None);
        answer.SetResult(new GateTriggerResult("01HXFAST"));
        var carried = await carrying;

        Assert.That(status, Is.EqualTo(DecisionStatus.Succeeded));
        Assert.That(carried, Is.EqualTo((CarryOutcome.Settled, (string?)DecisionStatus.Succeeded)));
        var steps = (await _bench.Store.StepsAsync(Tenant, seed.DecisionId)).Skip(2).ToList();
        Assert.That(steps.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackTriggerIntended), typeof(RollbackTriggered), typeof(RollbackSucceeded) }));
        Assert.That(((RollbackTriggered)steps[1]).Reconciled, Is.True);
        Assert.That(gate.Triggers, Has.Count.EqualTo(1));
        Assert.That(_bench.Published<RollbackTriggered>().Count(p => p.Message.DecisionId == seed.DecisionId), Is.EqualTo(1));
    }
}
