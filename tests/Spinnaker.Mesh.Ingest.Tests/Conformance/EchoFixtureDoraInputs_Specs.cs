using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Conformance;

/// <summary>What DORA reads from the shared Echo fixtures: triggers' revisions and parameters, deployed and restored artifacts.</summary>
public sealed class When_reading_what_DORA_needs_from_the_shared_Echo_fixtures
{
    private static string Fixture(string file) => File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), file));

    [Test]
    public void Should_read_the_Jenkins_revision_and_the_images_of_both_production_deploys()
    {
        var completed = One<PipelineCompleted>(Events(Fixture("synthetic-pipeline-complete-parallel-branches.json")));
        var deploys = completed.Stages.Where(s => s.Type == "deployManifest").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(completed.Execution.Trigger!.Scm, Is.EqualTo(new[] { new ScmInfo("9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6", "main") }));
            Assert.That(deploys.Select(s => s.Account), Is.EquivalentTo(new[] { "prod-use1", "prod-usw2" }));
            Assert.That(deploys, Has.All.Matches<StageInfo>(s => s.Accounts is null), "each deploy names one account");
            foreach (var deploy in deploys)
            {
                Assert.That(deploy.Artifacts!.Select(a => (a.Type, a.Reference)), Is.EqualTo(new[]
                {
                    ("docker/image", (string?)"registry.example.com/checkout-api:1.8.2"),
                    ("kubernetes/deployment", "checkout-api"),
                }));
            }
            Assert.That(completed.Stages.Single(s => s.Type == "wait").Artifacts, Is.Null);
        });
    }

    [Test]
    public void Should_read_the_parent_trigger_and_the_undone_rollout_of_a_rollback_child_pipeline()
    {
        var completed = One<PipelineCompleted>(Events(Fixture("synthetic-pipeline-complete-rollback-undorollout.json")));
        var undone = completed.Stages.Single().Artifacts!.Single();

        Assert.Multiple(() =>
        {
            Assert.That(completed.Execution.Trigger!.Type, Is.EqualTo("pipeline"));
            Assert.That(completed.Execution.Trigger.ParentTrigger!.Type, Is.EqualTo("manual"));
            Assert.That(completed.Execution.Trigger.ParentTrigger.Parameters, Is.EqualTo(new Dictionary<string, string> { ["imageTag"] = "1.9.0" }));
            Assert.That((undone.Type, undone.Name), Is.EqualTo(("kubernetes/deployment", (string?)"checkout-api")));
            Assert.That(undone.Metadata["numRevisionsBack"], Is.EqualTo("1"));
            Assert.That(undone.Metadata["account"], Is.EqualTo("prod-use1"));
        });
    }

    [Test]
    public void Should_read_the_server_group_a_rollback_restores()
    {
        var completed = One<StageCompleted>(Events(Fixture("synthetic-stage-complete-rollbackservergroup.json")));
        var rollback = completed.Stage.Type == "rollbackServerGroup" ? completed.Stage : completed.Stages!.Single(s => s.Type == "rollbackServerGroup");
        var restored = rollback.Artifacts!.Single();

        Assert.Multiple(() =>
        {
            Assert.That((restored.Type, restored.Name, restored.Version), Is.EqualTo(("spinnaker/server-group", (string?)"payments-api-v041", (string?)"v041")));
            Assert.That(restored.Metadata["rollbackServerGroupName"], Is.EqualTo("payments-api-v042"));
            Assert.That(restored.Metadata["account"], Is.EqualTo("prod"));
        });
    }

    [Test]
    public void Should_read_the_ami_of_a_failed_server_group_deploy_and_the_parameter_naming_it()
    {
        var completed = One<PipelineCompleted>(Events(Fixture("synthetic-pipeline-failed-terminal.json")));
        const string ami = "payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514";

        Assert.Multiple(() =>
        {
            Assert.That(completed.Execution.Trigger!.Parameters!["amiName"], Is.EqualTo(ami));
            Assert.That(completed.Stages.Single(s => s.Type == "createServerGroup").Artifacts!.Select(a => (a.Type, a.Name)),
                Is.EqualTo(new[] { ("aws/image", (string?)ami) }));
            Assert.That(completed.Stages.Single(s => s.Type == "deploy").Accounts, Is.Null, "its one cluster is in its one account");
        });
    }

    [Test]
    public void Should_read_the_parents_trigger_parameters_of_the_real_child_pipeline()
    {
        var execution = Fixture("execution-terminal-orca-pipelinetrigger.json");
        var wrapped = "{\"details\":{\"source\":\"orca\",\"type\":\"orca:pipeline:failed\",\"created\":\"1510177600000\",\"application\":\"tracks\"}," +
                      "\"content\":{\"execution\":" + execution + "}}";

        var trigger = One<PipelineCompleted>(Events(wrapped)).Execution.Trigger!;

        Assert.Multiple(() =>
        {
            Assert.That(trigger.ParentTrigger!.Type, Is.EqualTo("pipeline"));
            Assert.That(trigger.ParentTrigger.Parameters!["ami_eu_west_1"], Is.EqualTo("ami-c8d07cb1"));
        });
    }

    [Test]
    public void Should_read_before_from_the_github_push_that_lists_no_commits()
    {
        var push = One<GitPushObserved>(Events(Fixture("synthetic-webhook-git-github.json")));

        Assert.Multiple(() =>
        {
            Assert.That(push.Before, Is.EqualTo("0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796"));
            Assert.That(push.Commits, Is.Null, "the fixture's payload has a head_commit but no commits[]");
            Assert.That(push.CommitSha, Is.EqualTo("9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6"));
        });
    }
}
