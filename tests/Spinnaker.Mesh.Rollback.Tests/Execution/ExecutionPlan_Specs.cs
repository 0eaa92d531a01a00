using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Rollback.Gate;

namespace Spinnaker.Mesh.Rollback.Tests.Execution;

/// <summary>The executor's state machine alone: from a decision's state to the next step, and from Gate's answers to the events.</summary>
[TestFixture]
public sealed class When_the_executor_plans_the_next_step_of_a_decision
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly ExecutionOptions Options = new() { MaxAttempts = 3, RetryDelay = TimeSpan.FromSeconds(10), ReconcileGrace = TimeSpan.FromMinutes(2) };

    internal static RollbackDecision Decision(string status, int attempts = 0, string? executionId = null) => new()
    {
        // As Marten stores it: the snapshot's id is the stream's key.
        Id = DecisionStreams.StreamKey("dec-1"),
        DecisionId = "dec-1",
        Tenant = "acme",
        Application = "checkout",
        Status = status,
        Reason = "canary failed",
        RollbackApplication = "checkout-ops",
        RollbackPipeline = "Rollback checkout",
        Attempts = attempts,
        RollbackExecutionId = executionId,
    };

    private static ExecutionStep Next(RollbackDecision d, DateTimeOffset lastStepAt) => ExecutionPlan.Next(new DecisionState(d, 3, lastStepAt), Now, Options);

    [Test]
    public void Should_trigger_the_first_attempt_of_a_fresh_approval() =>
        Assert.That(Next(Decision(DecisionStatus.Approved), Now), Is.EqualTo(new ExecutionStep.Trigger(1)));

    [Test]
    public void Should_wait_out_a_delay_that_doubles_with_each_failed_attempt()
    {
        var failedAt = Now.AddSeconds(-5);
        Assert.That(Next(Decision(DecisionStatus.Approved, attempts: 1), failedAt), Is.EqualTo(new ExecutionStep.Wait(failedAt.AddSeconds(10))));
        Assert.That(Next(Decision(DecisionStatus.Approved, attempts: 2), failedAt), Is.EqualTo(new ExecutionStep.Wait(failedAt.AddSeconds(20))));
        Assert.That(Next(Decision(DecisionStatus.Approved, attempts: 2), Now.AddSeconds(-20)), Is.EqualTo(new ExecutionStep.Trigger(3)));
    }

    [Test]
    public void Should_give_up_an_approval_whose_attempts_are_used_up() =>
        Assert.That(Next(Decision(DecisionStatus.Approved, attempts: 3), Now.AddHours(-1)), Is.TypeOf<ExecutionStep.GiveUp>());

    [Test]
    public void Should_reconcile_an_intent_without_outcome_instead_of_calling_again()
    {
        var intendedAt = Now.AddMinutes(-7);
        Assert.That(Next(Decision(DecisionStatus.Triggering, attempts: 2), intendedAt), Is.EqualTo(new ExecutionStep.Reconcile(2, intendedAt)));
    }

    [TestCase(DecisionStatus.Proposed)]
    [TestCase(DecisionStatus.Rejected)]
    [TestCase(DecisionStatus.NotActionable)]
    [TestCase(DecisionStatus.Triggered)]
    [TestCase(DecisionStatus.Succeeded)]
    [TestCase(DecisionStatus.Failed)]
    public void Should_leave_alone_a_decision_that_is_not_approved(string status) =>
        Assert.That(Next(Decision(status, attempts: 1), Now), Is.EqualTo(new ExecutionStep.None(status)));

    [Test]
    public void Should_record_Gates_execution_as_the_start()
    {
        var started = ExecutionPlan.Started(Decision(DecisionStatus.Triggering, attempts: 2), 2, new GateTriggerResult("01HXROLLBACK"), Now);

        var triggered = (RollbackTriggered)started.Single();
        Assert.That(triggered, Is.EqualTo(new RollbackTriggered(triggered.EventId, "dec-1", "acme", "checkout", "checkout-ops", "Rollback checkout",
            "01HXROLLBACK", 2, false, Now)));
    }

    [Test]
    public void Should_fail_the_decision_with_Gates_reason_when_Gate_refuses_for_good()
    {
        var steps = ExecutionPlan.Refused(Decision(DecisionStatus.Triggering, attempts: 1), 1,
            new GateCallException("pipeline 'Rollback checkout' not found", 404, retryable: false), Now, Options);

        Assert.That(steps, Has.Count.EqualTo(2));
        var attempt = (RollbackTriggerAttemptFailed)steps[0];
        Assert.That((attempt.Attempt, attempt.GateStatus, attempt.Retryable), Is.EqualTo((1, (int?)404, false)));
        var failed = (RollbackFailed)steps[1];
        Assert.That(failed.RollbackExecutionId, Is.Null);
        Assert.That(failed.Reason, Is.EqualTo("Gate refused to start checkout-ops/Rollback checkout (HTTP 404): pipeline 'Rollback checkout' not found"));
    }

    [Test]
    public void Should_only_record_a_retryable_failure_while_attempts_are_left()
    {
        var unavailable = new GateCallException("Gate answered 503", 503, retryable: true);

        Assert.That(ExecutionPlan.Refused(Decision(DecisionStatus.Triggering, 2), 2, unavailable, Now, Options).Select(s => s.GetType()),
            Is.EqualTo(new[] { typeof(RollbackTriggerAttemptFailed) }));
        var last = ExecutionPlan.Refused(Decision(DecisionStatus.Triggering, 3), 3, unavailable, Now, Options);
        Assert.That(last.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackTriggerAttemptFailed), typeof(RollbackFailed) }));
        Assert.That(((RollbackFailed)last[1]).Reason, Is.EqualTo("Gate did not start checkout-ops/Rollback checkout in 3 attempts; last error: Gate answered 503"));
    }

    [Test]
    public void Should_take_the_execution_that_carries_the_decision_as_the_cut_calls_start()
    {
        var executions = new[]
        {
            new GateExecution("01HXOTHER", "Rollback checkout", "cfg-1", "RUNNING", Now.AddSeconds(-10), "dec-2"),
            new GateExecution("01HXMINE", "Rollback checkout", "cfg-1", "RUNNING", Now.AddSeconds(-40), "dec-1"),
            new GateExecution("01HXMANUAL", "Rollback checkout", "cfg-1", "SUCCEEDED", Now.AddHours(-2), null),
        };

        var steps = ExecutionPlan.Reconciled(Decision(DecisionStatus.Triggering, 1), 1, Now.AddSeconds(-41), executions, Now, Options);

        var triggered = (RollbackTriggered)steps.Single();
        Assert.That((triggered.RollbackExecutionId, triggered.Reconciled, triggered.Attempts, triggered.TriggeredAt),
            Is.EqualTo(("01HXMINE", true, 1, Now.AddSeconds(-40))));
    }

    [Test]
    public void Should_not_call_a_missing_start_lost_before_the_grace_is_over()
    {
        var none = Array.Empty<GateExecution>();

        Assert.That(ExecutionPlan.Reconciled(Decision(DecisionStatus.Triggering, 1), 1, Now.AddSeconds(-30), none, Now, Options), Is.Empty);

        var lost = ExecutionPlan.Reconciled(Decision(DecisionStatus.Triggering, 1), 1, Now.AddMinutes(-3), none, Now, Options);
        var failed = (RollbackTriggerAttemptFailed)lost.Single();
        Assert.That((failed.Error, failed.Retryable, failed.GateStatus), Is.EqualTo((ExecutionEvents.LostCallError, true, (int?)null)));
    }

    [Test]
    public void Should_fail_the_decision_when_its_last_attempt_was_lost()
    {
        var lost = ExecutionPlan.Reconciled(Decision(DecisionStatus.Triggering, 3), 3, Now.AddMinutes(-3), [], Now, Options);

        Assert.That(lost.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackTriggerAttemptFailed), typeof(RollbackFailed) }));
    }

    [Test]
    public void Should_give_each_step_an_id_of_its_decision_step_and_attempt()
    {
        var d = Decision(DecisionStatus.Approved);
        Assert.That(ExecutionEvents.Intended(d, 1, Now).EventId, Is.EqualTo(ExecutionEvents.Intended(d, 1, Now.AddHours(1)).EventId));
        Assert.That(ExecutionEvents.Intended(d, 1, Now).EventId, Is.Not.EqualTo(ExecutionEvents.Intended(d, 2, Now).EventId));
        Assert.That(ExecutionEvents.Triggered(d, 1, "a", false, Now).EventId, Is.EqualTo(ExecutionEvents.Triggered(d, 2, "b", true, Now).EventId),
            "a decision starts once, however it is found out");
        var other = Decision(DecisionStatus.Approved);
        other.Tenant = "globex";
        Assert.That(ExecutionEvents.Intended(other, 1, Now).EventId, Is.Not.EqualTo(ExecutionEvents.Intended(d, 1, Now).EventId));
    }
}
