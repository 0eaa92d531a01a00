using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Classification;
using Spinnaker.Mesh.Dora.Domain.Inputs;
using static Spinnaker.Mesh.Dora.Tests.Domain.Scenario;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

public sealed class When_an_execution_has_no_deploy_or_rollback_stage
{
    [Test]
    public void Should_be_no_deploy_stage_like_a_parent_pipeline_that_only_starts_a_child()
    {
        var parent = Execution("parent", "SUCCEEDED", Git("a1"), Stage("pipeline", "prod-use1", "SUCCEEDED", At(0, 9), At(0, 10)));
        var row = Classify([parent]).Deployments.Single();
        Assert.That((row.Classification, row.Environment), Is.EqualTo((DeploymentClasses.NoDeployStage, (string?)null)));
    }
}

public sealed class When_no_deploy_stage_targets_production
{
    [Test]
    public void Should_be_a_non_production_deployment_in_the_environment_it_touched()
    {
        var row = Classify([Deployment("e1", "a1", At(0, 10), account: "staging")]).Deployments.Single();
        Assert.That((row.Classification, row.Environment), Is.EqualTo((DeploymentClasses.NonProductionDeployment, (string?)"staging")));
    }

    [Test]
    public void Should_treat_an_unmapped_account_as_not_production_and_report_it()
    {
        var classification = Classify([Deployment("e1", "a1", At(0, 10), account: "prod-apse2")]);
        Assert.Multiple(() =>
        {
            Assert.That(classification.Deployments.Single().Classification, Is.EqualTo(DeploymentClasses.NonProductionDeployment));
            Assert.That(classification.UnmappedAccounts.Select(u => (u.Account, u.ExecutionId)), Is.EqualTo(new[] { ("prod-apse2", "e1") }));
        });
    }
}

public sealed class When_production_deploy_stages_exist_but_none_succeeded
{
    [TestCase("TERMINAL", "TERMINAL")]
    [TestCase("FAILED_CONTINUE", "SUCCEEDED")] // Orca calls the execution SUCCEEDED (CompleteExecutionHandler); DevLake #7089
    [TestCase("CANCELED", "CANCELED")]
    [TestCase("NOT_STARTED", "TERMINAL")] // failed before the deploy
    public void Should_be_no_production_change(string deployStatus, string executionStatus)
    {
        var execution = Execution("e1", executionStatus, Git("a1"), Deploy(At(0, 10), status: deployStatus));
        Assert.That(Classify([execution]).Deployments.Single().Classification, Is.EqualTo(DeploymentClasses.NoProductionChange));
    }

    [Test]
    public void Should_note_a_rollout_that_applied_and_then_failed_waiting_to_become_stable()
    {
        var stage = Deploy(At(0, 10), status: "TERMINAL") with { PartiallyApplied = true };
        var row = Classify([Execution("e1", "TERMINAL", Git("a1"), stage)]).Deployments.Single();
        Assert.That((row.Classification, row.Notes.Single()), Is.EqualTo((DeploymentClasses.NoProductionChange, DeploymentNotes.PartialRollout)));
    }
}

public sealed class When_an_execution_only_rolls_production_back
{
    [Test]
    public void Should_be_a_stage_based_rollback_remediation_timed_at_the_rollback_end()
    {
        var rows = Classify(
        [
            Deployment("d1", "a1", At(0, 10)),
            Deployment("d2", "b2", At(1, 10)),
            Execution("rb", "SUCCEEDED", TriggerObservation.Unknown, RollbackStage(At(1, 11))),
        ]);
        var rollback = rows.Row("rb");
        Assert.That((rollback.Classification, rollback.RemediationKind, rollback.Time, rollback.Remediates, rollback.RestoredVersion),
            Is.EqualTo((DeploymentClasses.RollbackRemediation, (string?)RemediationKinds.RollbackStage, At(1, 11), (string?)"d2", (string?)"a1")));
    }

    [Test]
    public void Should_be_no_production_change_when_the_rollback_failed()
    {
        var row = Classify([Execution("rb", "TERMINAL", TriggerObservation.Unknown, RollbackStage(At(1, 11), status: "TERMINAL"))]).Deployments.Single();
        Assert.That(row.Classification, Is.EqualTo(DeploymentClasses.NoProductionChange));
    }
}

public sealed class When_the_change_reached_production_and_the_execution_then_failed
{
    [Test]
    public void Should_be_a_failed_production_deployment_when_the_execution_ended_terminal()
    {
        var execution = Execution("e1", "TERMINAL", Git("a1"), Deploy(At(0, 10)),
            Stage("runJob", "prod-use1", "TERMINAL", At(0, 10, 1), At(0, 10, 3), id: "smoke"));
        var row = Classify([execution]).Deployments.Single();
        Assert.Multiple(() =>
        {
            Assert.That(row.Classification, Is.EqualTo(DeploymentClasses.FailedProductionDeployment));
            Assert.That(row.FailureSignals.Single().Signal, Is.EqualTo("S0"));
            Assert.That(row.FailureSignals.Single().Evidence.StageId, Is.EqualTo("smoke"));
        });
    }

    [TestCase("TERMINAL")]
    [TestCase("FAILED_CONTINUE")]
    [TestCase("STOPPED")]
    public void Should_be_failed_when_a_verification_after_the_deploy_failed(string canaryStatus)
    {
        var execution = Execution("e1", "SUCCEEDED", Git("a1"), Deploy(At(0, 10)), Canary(At(0, 10), At(0, 11), canaryStatus));
        var row = Classify([execution]).Deployments.Single();
        Assert.That((row.Classification, row.FailureSignals.Single().Evidence.StageType, row.FailureSignals.Single().Evidence.StageStatus),
            Is.EqualTo((DeploymentClasses.FailedProductionDeployment, (string?)"kayentaCanary", (string?)canaryStatus)));
    }

    [Test]
    public void Should_not_blame_the_deploy_for_a_verification_that_failed_before_it()
    {
        // The canary stage started at 09:00, before the production deploy ended at 10:00.
        var execution = Execution("e1", "SUCCEEDED", Git("a1"), Canary(At(0, 9), At(0, 9, 30), "FAILED_CONTINUE"), Deploy(At(0, 10)));
        Assert.That(Classify([execution]).Deployments.Single().Classification, Is.EqualTo(DeploymentClasses.SuccessfulProductionDeployment));
    }

    [Test]
    public void Should_be_failed_when_the_same_execution_rolled_production_back()
    {
        var execution = Execution("e1", "SUCCEEDED", Git("b2"), Deploy(At(0, 10)), RollbackStage(At(0, 10, 20)));
        var row = Classify([execution]).Deployments.Single();
        Assert.That((row.Classification, row.FailureSignals.Single().Evidence.StageType),
            Is.EqualTo((DeploymentClasses.FailedProductionDeployment, (string?)"rollbackServerGroup")));
    }

    [TestCase("CANCELED")]
    [TestCase("STOPPED")]
    public void Should_count_an_execution_stopped_after_its_deploy_as_successful_with_a_note(string status)
    {
        var row = Classify([Execution("e1", status, Git("a1"), Deploy(At(0, 10)))]).Deployments.Single();
        Assert.That((row.Classification, row.ChangeFailure), Is.EqualTo((DeploymentClasses.SuccessfulProductionDeployment, false)));
        Assert.That(row.Notes, Does.Contain(DeploymentNotes.TerminatedAfterDeploy));
    }
}

public sealed class When_a_version_is_deployed_again
{
    [Test]
    public void Should_be_a_noop_redeploy_when_it_is_already_running()
    {
        var rows = Classify([Deployment("d1", "a1", At(0, 10)), Deployment("d2", "a1", At(1, 10))]);
        Assert.That(rows.Row("d2").Classification, Is.EqualTo(DeploymentClasses.NoopRedeploy));
    }

    [Test]
    public void Should_be_a_version_based_rollback_when_it_ran_earlier_and_is_not_running()
    {
        // a1 → b2 → c3 → a1: the rollback marks b2's deployment, the first after the last deployment of a1 (Datadog).
        var rows = Classify([Deployment("d1", "a1", At(0, 10)), Deployment("d2", "b2", At(1, 10)), Deployment("d3", "c3", At(2, 10)), Deployment("d4", "a1", At(3, 10))]);
        Assert.Multiple(() =>
        {
            Assert.That(rows.Row("d4").Classification, Is.EqualTo(DeploymentClasses.RollbackRemediation));
            Assert.That(rows.Row("d4").RemediationKind, Is.EqualTo(RemediationKinds.RollbackVersion));
            Assert.That(rows.Row("d4").Remediates, Is.EqualTo("d2"));
            Assert.That(rows.Row("d2").FailureSignals.Single().Signal, Is.EqualTo("S2"));
            Assert.That(rows.Row("d3").ChangeFailure, Is.False);
        });
    }

    [Test]
    public void Should_skip_both_rules_when_no_version_is_known()
    {
        var rows = Classify([Execution("d1", "SUCCEEDED", TriggerObservation.Unknown, Deploy(At(0, 10))),
            Execution("d2", "SUCCEEDED", TriggerObservation.Unknown, Deploy(At(1, 10)))]);
        Assert.That(rows.Deployments.Select(d => (d.Classification, d.ChangeInfoGap)), Is.All.EqualTo(
            (DeploymentClasses.SuccessfulProductionDeployment, (string?)ChangeInfoGaps.NoSha)));
    }

    [Test]
    public void Should_compare_deployed_artifacts_when_no_sha_is_known()
    {
        var image = new ArtifactObservation("docker/image", "shop/checkout", "v7", "shop/checkout@sha256:77", new Dictionary<string, string>());
        var trigger = TriggerObservation.Unknown with { Type = "docker", Artifacts = [image] };
        var rows = Classify([Execution("d1", "SUCCEEDED", trigger, Deploy(At(0, 10))), Execution("d2", "SUCCEEDED", trigger, Deploy(At(1, 10)))]);
        Assert.That((rows.Row("d2").Classification, rows.Row("d2").Version),
            Is.EqualTo((DeploymentClasses.NoopRedeploy, (string?)"shop/checkout@sha256:77")));
    }
}

public sealed class When_an_execution_deploys_to_several_targets
{
    [Test]
    public void Should_be_one_deployment_timed_at_the_latest_successful_production_deploy_stage_end()
    {
        // Two regions end at 10:00 and 10:20; a manual judgment after them ends at 12:00 and is not deployment time.
        var execution = Execution("e1", "SUCCEEDED", Git("a1"),
            Deploy(At(0, 10)), Stage("createServerGroup", "prod-use1", "SUCCEEDED", At(0, 10, 5), At(0, 10, 20)),
            Stage("manualJudgment", "prod-use1", "SUCCEEDED", At(0, 10, 20), At(0, 12)));
        var row = Classify([execution]).Deployments.Single();
        Assert.That(row.DeploymentTime, Is.EqualTo(At(0, 10, 20)));
    }

    [Test]
    public void Should_be_one_row_per_production_environment_it_reached()
    {
        var execution = Execution("e1", "SUCCEEDED", Git("a1"), Deploy(At(0, 10)), Deploy(At(0, 11), account: "prod-euw1"));
        var rows = Classify([execution]).Deployments;
        Assert.That(rows.Select(r => (r.Environment, r.DeploymentTime)), Is.EqualTo(new[]
        {
            ("production", (DateTimeOffset?)At(0, 10)), ("production-eu", At(0, 11)),
        }));
    }
}

public sealed class When_a_canary_is_caught_in_production
{
    private static ExecutionObservation CaughtCanary() => Execution("e1", "TERMINAL", Git("a1"),
        Deploy(At(0, 10)) with { IsCanary = true, Cluster = "checkout-main-canary" }, Canary(At(0, 10), At(0, 11), "TERMINAL"));

    [Test]
    public void Should_be_a_change_failure_by_default() =>
        Assert.That(Classify([CaughtCanary()]).Deployments.Single().Classification, Is.EqualTo(DeploymentClasses.FailedProductionDeployment));

    [Test]
    public void Should_be_non_production_when_the_application_does_not_count_canary_catches()
    {
        var settings = Settings with { CanaryCatchIsFailureByApplication = new Dictionary<string, bool> { [App] = false } };
        Assert.That(Classify([CaughtCanary()], settings: settings).Deployments.Single().Classification, Is.EqualTo(DeploymentClasses.NonProductionDeployment));
    }
}

public sealed class When_a_child_pipeline_deploys
{
    [Test]
    public void Should_take_the_commit_from_the_parent_pipelines_trigger()
    {
        var child = Execution("child", "SUCCEEDED",
            TriggerObservation.Unknown with { Type = "pipeline", ParentExecutionId = "parent", Parent = Git("a1") }, Deploy(At(0, 10)));
        Assert.That(Classify([child]).Deployments.Single().DeployedSha, Is.EqualTo("a1"));
    }

    [Test]
    public void Should_prefer_the_commit_sha_parameter_over_artifacts_and_the_parent()
    {
        var gitArtifact = new ArtifactObservation("git/repo", "shop/checkout", "cccccccc", null, new Dictionary<string, string>());
        var trigger = Manual(("GIT_COMMIT", "bbbbbbbb")) with { Artifacts = [gitArtifact] };
        Assert.That(Classify([Execution("e1", "SUCCEEDED", trigger, Deploy(At(0, 10)))]).Deployments.Single().DeployedSha, Is.EqualTo("bbbbbbbb"));
    }
}

public sealed class When_an_execution_is_delivered_more_than_once
{
    [Test]
    public void Should_classify_the_latest_terminal_state_and_report_the_duplicates()
    {
        // First delivery: the canary failed (TERMINAL). The execution was restarted and its second end, an hour later, succeeded.
        var failed = Execution("e1", "TERMINAL", Git("a1"), Deploy(At(0, 10)), Canary(At(0, 10), At(0, 11), "TERMINAL"));
        var restarted = Execution("e1", "SUCCEEDED", Git("a1"), Deploy(At(0, 10)), Canary(At(0, 11), At(0, 12), "SUCCEEDED"));
        foreach (var order in new[] { new[] { failed, restarted, failed }, new[] { restarted, failed, failed } })
        {
            var classification = Classify(order);
            Assert.That(classification.Deployments.Single().Classification, Is.EqualTo(DeploymentClasses.SuccessfulProductionDeployment));
            Assert.That(classification.Duplicates.Single(), Has.Property("Deliveries").EqualTo(3).And.Property("DistinctStates").EqualTo(2));
        }
    }
}
