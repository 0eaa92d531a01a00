using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// checkout (confirm, 30 minutes cooldown): a bad deployment draws a failed canary and a degradation; both become
/// proposals while neither is approved. An operator approves the first; then the second cannot be approved, and a
/// duration regression the same deployment revealed is not actionable.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_signals_about_one_deployment_meet_the_cooldown
{
    private const string Tenant = "decisions-cooldown";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);

    private static readonly Contracts.Impact.V1.DeploymentDegraded Degraded =
        Deploys.Degraded(Tenant, "checkout", "E2", "E2-deploy", "deployment checkout-api", "prod-use1", "checkout", "3.1.0", Now.AddMinutes(-3));
    private static readonly Contracts.ExecutionTree.V1.ExecutionDurationRegressed Regressed = Deploys.Regressed(Tenant, "checkout", "E2", Now);

    private static readonly string CanaryDecision = DecisionIds.Decision(Tenant, "canaryFail", "judgment-c1");
    private static readonly string DegradedDecision = DecisionIds.Decision(Tenant, "deploymentDegraded", Degraded.EventId.ToString("D"));
    private static readonly string RegressionDecision = DecisionIds.Decision(Tenant, "durationRegression", Regressed.EventId.ToString("D"));

    private HttpResponseMessage _secondApproval = null!;
    private RollbackNotActionable _regression = null!;

    [OneTimeSetUp]
    public async Task Signal()
    {
        await PublishAsync(
            Deploys.Completed(Tenant, "checkout", "E1", "SUCCEEDED",
                Deploys.Manifest("E1-deploy", "registry.example.com/checkout-api:3.0.0", Now.AddHours(-6), Now.AddHours(-6).AddMinutes(3))),
            Deploys.StageEnded(Tenant, "checkout", "E2",
                Deploys.Manifest("E2-deploy", "registry.example.com/checkout-api:3.1.0", Now.AddMinutes(-25), Now.AddMinutes(-22))));
        await RecordedAsync(Tenant, "E1");
        await RecordedAsync(Tenant, "E2");
        await PublishAsync(Deploys.CanaryFailed(Tenant, "checkout", "judgment-c1", "checkout-api", "E2", Now.AddMinutes(-4)), Degraded);
        await PublishedAsync<RollbackProposed>(p => p.DecisionId == CanaryDecision, "the canary's proposal");
        await PublishedAsync<RollbackProposed>(p => p.DecisionId == DegradedDecision, "the degradation's proposal");

        using (var first = await ActAsync(Tenant, CanaryDecision, "approve", "alice@example.com"))
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        _secondApproval = await ActAsync(Tenant, DegradedDecision, "approve", "bob@example.com");

        await PublishAsync(Regressed);
        _regression = await PublishedAsync<RollbackNotActionable>(n => n.DecisionId == RegressionDecision, "the regression's decision");
    }

    [Test]
    public async Task Should_propose_both_while_neither_is_approved()
    {
        var degraded = Subject.Messages.Of<RollbackProposed>().Single(p => p.DecisionId == DegradedDecision);
        Assert.That((degraded.Target.FromVersion, degraded.Target.ToVersion, degraded.Target.ExecutionId),
            Is.EqualTo(((string?)"3.1.0", (string?)"3.0.0", (string?)"E2")));
        Assert.That((await DecisionAsync(Tenant, DegradedDecision)).GetProperty("status").GetString(), Is.EqualTo("proposed"));
    }

    [Test]
    public async Task Should_refuse_to_approve_the_second_during_the_cooldown()
    {
        Assert.That(_secondApproval.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await JsonOf(_secondApproval)).GetProperty("detail").GetString(), Does.Contain($"decision {CanaryDecision} was approved"));
        Assert.That(await StoredStepsAsync(Tenant, DegradedDecision), Is.EqualTo(1));
    }

    [Test]
    public void Should_not_act_on_a_later_signal_and_name_the_approved_decision()
    {
        Assert.That(_regression.Reason, Does.StartWith($"cooldown: decision {CanaryDecision} was approved on deployment checkout-api"));
        Assert.That(_regression.Reason, Does.Contain("pipeline 'Deploy to production' got slower"));
    }
}
