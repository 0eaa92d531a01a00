using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions;
using Spinnaker.Mesh.Rollback.Execution;
using Spinnaker.Mesh.Rollback.Tests.Execution.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Execution;

/// <summary>Echo's completion of a rollback execution turned into the decision's end.</summary>
[TestFixture]
public sealed class When_a_rollback_execution_completes
{
    private static RollbackDecision Decision(string status, int attempts = 1, string? executionId = null) =>
        When_the_executor_plans_the_next_step_of_a_decision.Decision(status, attempts, executionId);

    [Test]
    public void Should_end_a_triggered_decision_succeeded_with_its_execution()
    {
        var completed = RollbackRuns.Completed("acme", "01HXRB", "SUCCEEDED", decisionId: null);

        var end = (RollbackSucceeded)VerificationPlan.Steps(Decision(DecisionStatus.Triggered, executionId: "01HXRB"), completed).Single();

        Assert.That((end.DecisionId, end.RollbackExecutionId, end.CompletedAt), Is.EqualTo(("dec-1", "01HXRB", completed.Execution.EndTime!.Value)));
    }

    [TestCase("TERMINAL")]
    [TestCase("CANCELED")]
    [TestCase("STOPPED")]
    public void Should_end_it_failed_with_what_the_failed_stages_said(string status)
    {
        var completed = RollbackRuns.Completed("acme", "01HXRB", status, "dec-1",
            RollbackRuns.Stage("s1", "rollbackCluster", "Rollback checkout-main", "SUCCEEDED"),
            RollbackRuns.Stage("s2", "waitForUpInstances", "Wait for v041", "TERMINAL", "Timed out after 1800s", "0 of 6 instances up"));

        var end = (RollbackFailed)VerificationPlan.Steps(Decision(DecisionStatus.Triggered, executionId: "01HXRB"), completed).Single();

        Assert.That(end.RollbackExecutionId, Is.EqualTo("01HXRB"));
        Assert.That(end.Reason, Is.EqualTo(
            $"rollback execution 01HXRB ended {status}: stage 'Wait for v041' (waitForUpInstances) TERMINAL: Timed out after 1800s; 0 of 6 instances up"));
    }

    [Test]
    public void Should_record_the_start_first_when_Echo_is_faster_than_Gates_answer()
    {
        var completed = RollbackRuns.Completed("acme", "01HXRB", "SUCCEEDED", "dec-1");

        var steps = VerificationPlan.Steps(Decision(DecisionStatus.Triggering, attempts: 2), completed);

        Assert.That(steps.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackTriggered), typeof(RollbackSucceeded) }));
        var triggered = (RollbackTriggered)steps[0];
        Assert.That((triggered.RollbackExecutionId, triggered.Reconciled, triggered.Attempts, triggered.TriggeredAt),
            Is.EqualTo(("01HXRB", true, 2, completed.Execution.StartTime!.Value)));
    }

    [Test]
    public void Should_ignore_another_execution_that_carries_the_decision()
    {
        // A re-run of the rollback pipeline from Deck copies the trigger, meshDecisionId included.
        var rerun = RollbackRuns.Completed("acme", "01HXRERUN", "TERMINAL", "dec-1");

        Assert.That(VerificationPlan.Steps(Decision(DecisionStatus.Triggered, executionId: "01HXRB"), rerun), Is.Empty);
    }

    [Test]
    public void Should_take_the_execution_named_for_the_decision_when_Gate_gave_no_reference()
    {
        var completed = RollbackRuns.Completed("acme", "01HXRB", "SUCCEEDED", "dec-1");

        Assert.That(VerificationPlan.Steps(Decision(DecisionStatus.Triggered, executionId: null), completed).Single(), Is.TypeOf<RollbackSucceeded>());
        Assert.That(VerificationPlan.Steps(Decision(DecisionStatus.Triggered, executionId: null), RollbackRuns.Completed("acme", "01HXRB", "SUCCEEDED", null)),
            Is.Empty, "nothing says it is the decision's");
    }

    [TestCase(DecisionStatus.Succeeded)]
    [TestCase(DecisionStatus.Failed)]
    [TestCase(DecisionStatus.Proposed)]
    [TestCase(DecisionStatus.Rejected)]
    public void Should_leave_a_decision_that_is_not_under_way(string status) =>
        Assert.That(VerificationPlan.Steps(Decision(status, executionId: "01HXRB"), RollbackRuns.Completed("acme", "01HXRB", "SUCCEEDED", "dec-1")), Is.Empty);

    [Test]
    public void Should_not_take_an_execution_for_a_decision_that_never_called_Gate() =>
        Assert.That(VerificationPlan.Steps(Decision(DecisionStatus.Approved, attempts: 0), RollbackRuns.Completed("acme", "01HXRB", "SUCCEEDED", "dec-1")), Is.Empty);

    [TestCase("RUNNING")]
    [TestCase("PAUSED")]
    public void Should_wait_for_a_final_status(string status) =>
        Assert.That(VerificationPlan.Steps(Decision(DecisionStatus.Triggered, executionId: "01HXRB"), RollbackRuns.Completed("acme", "01HXRB", status, "dec-1")), Is.Empty);
}
