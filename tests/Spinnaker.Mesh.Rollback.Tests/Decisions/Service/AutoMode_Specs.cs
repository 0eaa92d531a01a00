using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// payments (auto policy) ran <c>payments-api-v041</c>; the next pipeline created <c>payments-api-v042</c>, whose
/// instances never came up, and ended TERMINAL. Then the impact check reports the same deployment degraded, and both
/// signals arrive again.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_pipeline_fails_after_deploying_on_an_application_with_an_auto_policy
{
    private const string Tenant = "decisions-auto";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);
    private static readonly string DecisionId = DecisionIds.Decision(Tenant, "pipelineFailedAfterDeploy", "E2");

    private static readonly Contracts.Executions.V1.PipelineCompleted Failed = Deploys.Completed(Tenant, "payments", "E2", "TERMINAL",
        Deploys.ServerGroup("E2-deploy", "payments-api-v042", Now.AddMinutes(-20), Now.AddMinutes(-10), "TERMINAL", created: true));

    private static readonly Contracts.Impact.V1.DeploymentDegraded Degraded =
        Deploys.Degraded(Tenant, "payments", "E2", "E2-deploy", "payments-api", "prod", null, "payments-api-v042", Now.AddMinutes(-5));

    private static readonly string SecondDecisionId = DecisionIds.Decision(Tenant, "deploymentDegraded", Degraded.EventId.ToString("D"));

    private RollbackProposed _proposed = null!;
    private RollbackApproved _approved = null!;
    private RollbackNotActionable _cooldown = null!;

    [OneTimeSetUp]
    public async Task FailThePipeline()
    {
        await PublishAsync(Deploys.Completed(Tenant, "payments", "E1", "SUCCEEDED",
            Deploys.ServerGroup("E1-deploy", "payments-api-v041", Now.AddHours(-2), Now.AddHours(-2).AddMinutes(8))));
        await RecordedAsync(Tenant, "E1");
        await PublishAsync(Failed);
        _proposed = await PublishedAsync<RollbackProposed>(p => p.DecisionId == DecisionId, "the proposal");
        _approved = await PublishedAsync<RollbackApproved>(a => a.DecisionId == DecisionId, "the policy's approval");

        await PublishAsync(Degraded);
        _cooldown = await PublishedAsync<RollbackNotActionable>(n => n.DecisionId == SecondDecisionId, "the degradation's decision");

        // Redelivered as they were, and Orca's second report of the same failure under another event id.
        await PublishAsync(Failed, Degraded, Failed with { EventId = Guid.NewGuid() });
        await IdleAsync();
    }

    [Test]
    public void Should_propose_restoring_the_previous_server_group()
    {
        Assert.That(_proposed.Target, Is.EqualTo(new RollbackTarget("E2", "payments-api", "prod", "us-east-1", null, "payments-api-v042", "payments-api-v041")));
        Assert.That((_proposed.Mode, _proposed.RollbackPipeline), Is.EqualTo(("auto", PaymentsPipeline)));
        Assert.That(_proposed.Parameters, Is.EqualTo(new Dictionary<string, string>
        {
            ["serverGroup"] = "payments-api-v041",
            ["rolledBack"] = "payments-api-v042",
            ["region"] = "us-east-1",
            ["account"] = "prod",
        }));
        Assert.That(_proposed.Reason, Does.Contain("pipeline 'Deploy to production' execution E2 ended TERMINAL"));
    }

    [Test]
    public async Task Should_approve_it_by_the_policy_in_the_same_commit()
    {
        Assert.That((_approved.By, _approved.ApprovedAt), Is.EqualTo(("policy", _proposed.ProposedAt)));
        var decision = await DecisionAsync(Tenant, DecisionId);
        // Carrying it out may have moved it on since; what deciding recorded stays.
        Assert.That(decision.GetProperty("status").GetString(), Is.Not.EqualTo("proposed"));
        Assert.That(decision.GetProperty("approvedBy").GetString(), Is.EqualTo("policy"));
        Assert.That(decision.GetProperty("actedAt").GetDateTimeOffset(), Is.EqualTo(_proposed.ProposedAt).Within(TimeSpan.FromMilliseconds(1)), "times are answered to the millisecond");
        var commits = await Subject.Isolated.CountAsync(
            $"SELECT count(DISTINCT \"timestamp\") FROM rollback.mt_events WHERE tenant_id = $1 AND stream_id = $2 AND type IN ({DecidingSteps})", Tenant, $"rollback-decision:{DecisionId}");
        Assert.That(commits, Is.EqualTo(1), "proposed and approved carry one transaction's time: one commit");
    }

    [Test]
    public void Should_not_act_on_the_second_signal_about_the_same_deployment_during_the_cooldown()
    {
        Assert.That(_cooldown.Reason, Does.StartWith($"cooldown: decision {DecisionId} was approved on payments-api"));
        Assert.That(_cooldown.Reason, Does.Contain("within the policy's 30 minutes"));
        Assert.That(_cooldown.Target.FromVersion, Is.EqualTo("payments-api-v042"));
    }

    [Test]
    public async Task Should_append_nothing_for_redelivered_signals()
    {
        Assert.That(await DecisionsAsync(Tenant), Is.EqualTo(2));
        Assert.That(await StoredStepsAsync(Tenant, DecisionId), Is.EqualTo(2));
        Assert.That(await StoredStepsAsync(Tenant, SecondDecisionId), Is.EqualTo(1));
        Assert.That(Subject.Messages.Of<RollbackProposed>().Count(p => p.DecisionId == DecisionId), Is.EqualTo(1));
        Assert.That(Subject.Messages.Of<RollbackApproved>().Count(a => a.DecisionId == DecisionId), Is.EqualTo(1));
        Assert.That(Subject.Messages.Of<RollbackNotActionable>().Count(n => n.DecisionId == SecondDecisionId), Is.EqualTo(1));
    }
}
