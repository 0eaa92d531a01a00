using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Rollback.V1;
using Spinnaker.Mesh.Rollback.Decisions.Proposing;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;
using static Spinnaker.Mesh.Rollback.Tests.Decisions.Service.DecisionService;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Service;

/// <summary>
/// payments (auto policy, so anything actionable would go straight on): a pipeline whose server group was never
/// created, a pipeline that has no deploy stage, and the first successful deploy of a new cluster found degraded
/// (only a failed execution deployed there before).
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_signal_finds_nothing_to_roll_back
{
    private const string Tenant = "decisions-not-actionable";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddSeconds(-DateTimeOffset.UtcNow.Second);

    private static readonly string NothingCreated = DecisionIds.Decision(Tenant, "pipelineFailedAfterDeploy", "F1");
    private static readonly string NoDeployStage = DecisionIds.Decision(Tenant, "pipelineFailedAfterDeploy", "F2");
    private static readonly Contracts.Impact.V1.DeploymentDegraded FirstDeployDegraded =
        Deploys.Degraded(Tenant, "payments", "N2", "N2-deploy", "payments-worker", "prod", null, "payments-worker-v002", Now.AddMinutes(-1));
    private static readonly string NoKnownGood = DecisionIds.Decision(Tenant, "deploymentDegraded", FirstDeployDegraded.EventId.ToString("D"));

    private RollbackNotActionable _nothingCreated = null!;
    private RollbackNotActionable _noDeployStage = null!;
    private RollbackNotActionable _noKnownGood = null!;

    [OneTimeSetUp]
    public async Task Signal()
    {
        await PublishAsync(
            Deploys.Completed(Tenant, "payments", "E1", "SUCCEEDED",
                Deploys.ServerGroup("E1-deploy", "payments-api-v041", Now.AddHours(-3), Now.AddHours(-3).AddMinutes(8))),
            // synthetic-pipeline-failed-terminal.json: the createServerGroup task itself failed.
            Deploys.Completed(Tenant, "payments", "F1", "TERMINAL",
                Deploys.ServerGroup("F1-deploy", "payments-api-v042", Now.AddMinutes(-30), Now.AddMinutes(-29), "TERMINAL", created: false),
                Deploys.Other("F1-wait", "wait", Now.AddMinutes(-29), Now.AddMinutes(-29), "NOT_STARTED")),
            Deploys.Completed(Tenant, "payments", "F2", "TERMINAL", "Integration tests", null,
                Deploys.Other("F2-tests", "jenkins", Now.AddMinutes(-20), Now.AddMinutes(-15), "TERMINAL")),
            // A new cluster: its only earlier deployment came from a pipeline that failed afterwards.
            Deploys.Completed(Tenant, "payments", "N1", "TERMINAL",
                Deploys.ServerGroup("N1-deploy", "payments-worker-v001", Now.AddHours(-2), Now.AddHours(-2).AddMinutes(5)),
                Deploys.Other("N1-tests", "jenkins", Now.AddHours(-2).AddMinutes(5), Now.AddHours(-2).AddMinutes(9), "TERMINAL")),
            Deploys.Completed(Tenant, "payments", "N2", "SUCCEEDED",
                Deploys.ServerGroup("N2-deploy", "payments-worker-v002", Now.AddMinutes(-40), Now.AddMinutes(-35))));
        await RecordedAsync(Tenant, "N1");
        await RecordedAsync(Tenant, "N2");
        await PublishAsync(FirstDeployDegraded);
        _nothingCreated = await PublishedAsync<RollbackNotActionable>(n => n.DecisionId == NothingCreated, "the decision about F1");
        _noDeployStage = await PublishedAsync<RollbackNotActionable>(n => n.DecisionId == NoDeployStage, "the decision about F2");
        _noKnownGood = await PublishedAsync<RollbackNotActionable>(n => n.DecisionId == NoKnownGood, "the decision about N2");
        await IdleAsync();
    }

    [Test]
    public void Should_not_roll_back_a_pipeline_whose_deploy_stage_did_not_reach_the_cluster()
    {
        Assert.That(_nothingCreated.Reason, Does.StartWith("no deploy stage reached payments-api: execution F1 deployed nothing there"));
        Assert.That(_nothingCreated.Target.Cluster, Is.EqualTo("payments-api"));
    }

    [Test]
    public void Should_not_roll_back_a_pipeline_that_deployed_nothing() =>
        Assert.That(_noDeployStage.Reason, Does.StartWith("nothing deployed").And.Contains("pipeline 'Integration tests' execution F2 ended TERMINAL"));

    [Test]
    public void Should_not_roll_back_to_a_version_no_succeeded_execution_left()
    {
        Assert.That(_noKnownGood.Reason, Does.StartWith("no known-good version of payments-worker in prod/us-east-1"));
        Assert.That((_noKnownGood.Target.FromVersion, _noKnownGood.Target.ToVersion), Is.EqualTo(((string?)"payments-worker-v002", (string?)null)));
    }

    [Test]
    public async Task Should_record_them_as_not_actionable_and_go_no_further()
    {
        foreach (var id in new[] { NothingCreated, NoDeployStage, NoKnownGood })
        {
            var decision = await DecisionAsync(Tenant, id);
            Assert.That(decision.GetProperty("status").GetString(), Is.EqualTo("notActionable"));
            Assert.That(await StoredStepsAsync(Tenant, id), Is.EqualTo(1));
        }
        var ids = new[] { NothingCreated, NoDeployStage, NoKnownGood };
        Assert.That(Subject.Messages.Of<RollbackProposed>().Where(p => ids.Contains(p.DecisionId)), Is.Empty);
        Assert.That(Subject.Messages.Of<RollbackApproved>().Where(a => ids.Contains(a.DecisionId)), Is.Empty);
    }
}
