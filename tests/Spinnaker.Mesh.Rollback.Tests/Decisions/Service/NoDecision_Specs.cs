using NUnit.Framework;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// Signals no policy asks about: search's policy is disabled, billing's lists canaryFail only, inventory has none, a
/// canary that passed, and a failed run of the rollback pipeline Mesh started itself; and billing's canary fails.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_no_policy_asks_for_a_signal
{
    private const string Tenant = "decisions-none";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);

    private static Contracts.Executions.V1.PipelineCompleted FailedAfterDeploy(string application, string executionId, string pipeline = "Deploy to production",
        IReadOnlyDictionary<string, string>? parameters = null) =>
        Deploys.Completed(Tenant, application, executionId, "TERMINAL", pipeline, parameters,
            Deploys.ServerGroup($"{executionId}-deploy", $"{application}-api-v002", Now.AddMinutes(-20), Now.AddMinutes(-10), "TERMINAL", created: true, cluster: $"{application}-api"));

    [OneTimeSetUp]
    public async Task Signal()
    {
        await PublishAsync(
            FailedAfterDeploy("search", "S1"),
            FailedAfterDeploy("billing", "B1"),
            FailedAfterDeploy("inventory", "I1"),
            FailedAfterDeploy("payments", "R1", PaymentsPipeline, new Dictionary<string, string> { ["meshDecisionId"] = "some-decision" }));
        await RecordedAsync(Tenant, "B1");
        await PublishAsync(
            Deploys.CanaryFailed(Tenant, "inventory", "inventory-judgment", "inventory-api", "I1", Now),
            Deploys.CanaryFailed(Tenant, "checkout", "passing-judgment", "checkout-api", null, Now, score: 95),
            Deploys.CanaryFailed(Tenant, "billing", "billing-judgment", "billing-api", "B1", Now));
        await IdleAsync();
    }

    private static readonly string BillingCanary = DecisionIds.Decision(Tenant, "canaryFail", "billing-judgment");

    [Test]
    public async Task Should_make_no_decision_at_all()
    {
        Assert.That(await DecisionsAsync(Tenant), Is.EqualTo(1), "billing's failed canary only");
        Assert.That(Subject.Logs, Does.Contain("its rollback policy is disabled"));
        Assert.That(Subject.Logs, Does.Contain("its rollback policy does not list pipelineFailedAfterDeploy"));
        Assert.That(Subject.Logs, Does.Contain("the application has no rollback policy"));
        Assert.That(Subject.Logs, Does.Contain("is the rollback of decision some-decision"));
    }

    [Test]
    public async Task Should_decide_on_a_trigger_the_policy_lists()
    {
        var decision = await DecisionAsync(Tenant, BillingCanary);
        Assert.That(decision.GetProperty("trigger").GetString(), Is.EqualTo("canaryFail"));
        Assert.That(decision.GetProperty("status").GetString(), Is.EqualTo("notActionable"), "billing-api-v002 is its first version: nothing to return to");
        Assert.That(decision.GetProperty("reason").GetString(), Does.StartWith("no known-good version of billing-api"));
    }
}
