using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Policies;
using Spinnaker.Mesh.Rollback.Signals;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>What a signal that matched its policy becomes.</summary>
[TestFixture]
public sealed class Deciding_on_a_signal
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DeployTarget Target = DeployTarget.Of("payments", "payments-api", "prod", "us-east-1", null);

    private static RollbackPolicy Policy(string mode = RollbackModes.Confirm) => new("payments", true, mode, [RollbackTriggers.PipelineFailedAfterDeploy],
        new RollbackPipelineReference("payments", "Rollback payments", new Dictionary<string, string>
        {
            ["serverGroup"] = "${toVersion}",
            ["region"] = "${region}",
        }), 30);

    private static Deployment Deployed(string executionId, string version, bool reached = true) =>
        new(executionId, Target, version, reached, Now.AddHours(-1), Now.AddMinutes(-50), null);

    private static RollbackSignal Signal(Deployment? blamed) =>
        new("t", "payments", RollbackTriggers.PipelineFailedAfterDeploy, "E2", "pipeline 'Deploy' execution E2 ended TERMINAL", blamed, "payments-api");

    [Test]
    public void Should_propose_a_rollback_from_the_blamed_version_to_the_known_good_one()
    {
        var steps = ProposalRules.Decide("d1", Signal(Deployed("E2", "payments-api-v042")), Policy(), Deployed("E1", "payments-api-v041"), null, Now);
        var proposed = (RollbackProposed)steps.Single();
        Assert.That(proposed.Target, Is.EqualTo(new RollbackTarget("E2", "payments-api", "prod", "us-east-1", null, "payments-api-v042", "payments-api-v041")));
        Assert.That(proposed.Parameters, Is.EqualTo(new Dictionary<string, string> { ["serverGroup"] = "payments-api-v041", ["region"] = "us-east-1" }));
        Assert.That((proposed.Mode, proposed.RollbackApplication, proposed.RollbackPipeline, proposed.ProposedAt),
            Is.EqualTo(("confirm", "payments", "Rollback payments", Now)));
        Assert.That(proposed.Reason, Does.Contain("back from payments-api-v042 to payments-api-v041"));
        Assert.That(proposed.EventId, Is.EqualTo(DecisionIds.Step("t", "d1", "proposed")));
    }

    [Test]
    public void Should_approve_in_the_same_decision_in_auto_mode()
    {
        var steps = ProposalRules.Decide("d1", Signal(Deployed("E2", "v2")), Policy(RollbackModes.Auto), Deployed("E1", "v1"), null, Now);
        Assert.That(steps.Select(s => s.GetType()), Is.EqualTo(new[] { typeof(RollbackProposed), typeof(RollbackApproved) }));
        var approved = (RollbackApproved)steps[1];
        Assert.That((approved.By, approved.DecisionId, approved.ApprovedAt), Is.EqualTo(("policy", "d1", Now)));
    }

    [Test]
    public void Should_not_act_when_no_deploy_stage_reached_the_cluster()
    {
        var steps = ProposalRules.Decide("d1", Signal(Deployed("E2", "v2", reached: false)), Policy(RollbackModes.Auto), Deployed("E1", "v1"), null, Now);
        var notActionable = (RollbackNotActionable)steps.Single();
        Assert.That(notActionable.Reason, Does.StartWith("no deploy stage reached payments-api"));
    }

    [Test]
    public void Should_not_act_when_nothing_is_known_to_be_deployed() =>
        Assert.That(((RollbackNotActionable)ProposalRules.Decide("d1", Signal(null), Policy(), null, null, Now).Single()).Reason,
            Does.StartWith("nothing deployed"));

    [Test]
    public void Should_not_act_without_a_known_good_version()
    {
        var notActionable = (RollbackNotActionable)ProposalRules.Decide("d1", Signal(Deployed("E2", "v2")), Policy(), null, null, Now).Single();
        Assert.That(notActionable.Reason, Does.StartWith("no known-good version of payments-api in prod/us-east-1"));
        Assert.That(notActionable.Target.FromVersion, Is.EqualTo("v2"));
    }

    [Test]
    public void Should_not_act_during_cooldown_and_name_the_earlier_decision()
    {
        var cooldown = new Cooldown.Holder("d0", "approved", Now.AddMinutes(-5));
        var notActionable = (RollbackNotActionable)ProposalRules.Decide("d1", Signal(Deployed("E2", "v2")), Policy(RollbackModes.Auto),
            Deployed("E1", "v1"), cooldown, Now).Single();
        Assert.That(notActionable.Reason, Does.StartWith("cooldown: decision d0 was approved on payments-api at 2026-03-02T11:55:00Z, within the policy's 30 minutes"));
        Assert.That(notActionable.EventId, Is.EqualTo(DecisionIds.Step("t", "d1", "not-actionable")));
    }

    [Test]
    public void Should_derive_the_same_decision_id_from_the_same_signal()
    {
        Assert.That(DecisionIds.Decision("t", "canaryFail", "j1"), Is.EqualTo(DecisionIds.Decision("t", "canaryFail", "j1")));
        Assert.That(DecisionIds.Decision("t", "canaryFail", "j1"), Is.Not.EqualTo(DecisionIds.Decision("t", "deploymentDegraded", "j1")));
        Assert.That(DecisionIds.Decision("t", "canaryFail", "j1"), Is.Not.EqualTo(DecisionIds.Decision("u", "canaryFail", "j1")));
    }
}
