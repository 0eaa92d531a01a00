using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Conformance;

/// <summary>What rollback monitoring reads from the shared Echo fixtures: rollback targets, namespaces, a failed parent.</summary>
public sealed class When_reading_rollback_targets_from_the_shared_Echo_fixtures
{
    private static string Fixture(string file) => File.ReadAllText(Path.Combine(EchoFixtures.RequireEchoFolder(), file));

    [Test]
    public void Should_read_what_the_server_group_rollback_rolls_back_and_restores()
    {
        var completed = One<StageCompleted>(Events(Fixture("synthetic-stage-complete-rollbackservergroup.json")));

        Assert.Multiple(() =>
        {
            Assert.That(completed.Stage.Type, Is.EqualTo("rollbackServerGroup"));
            Assert.That(completed.Stage.Rollback, Is.EqualTo(new RollbackInfo("EXPLICIT", "payments-api-v042", "payments-api-v041", null, null, null, null)));
            Assert.That(completed.Stage.Namespace, Is.Null);
            Assert.That(completed.Stages!.Where(s => s.ParentStageId == completed.Stage.Id).Select(s => s.Rollback), Has.All.Null,
                "its enable and disable children are no rollbacks of their own");
        });
    }

    [Test]
    public void Should_read_the_undone_manifest_its_namespace_and_the_failed_parent_of_the_rollback_pipeline()
    {
        var completed = One<PipelineCompleted>(Events(Fixture("synthetic-pipeline-complete-rollback-undorollout.json")));
        var undo = completed.Stages.Single();
        var parent = completed.Execution.Trigger!.ParentExecution!;

        Assert.Multiple(() =>
        {
            Assert.That(undo.Rollback, Is.EqualTo(new RollbackInfo(null, null, null, "deployment checkout-api", 1, "41", null)));
            Assert.That(undo.Namespace, Is.EqualTo("checkout"));
            Assert.That((parent.PipelineName, parent.Status), Is.EqualTo(((string?)"Deploy to production (k8s)", (string?)"TERMINAL")));
            Assert.That(parent.Errors, Is.EqualTo(new[]
                { "'deployment checkout-api' in 'checkout' for account prod-use1: Deployment exceeded its progress deadline" }));
            Assert.That(parent.Deployed!.Where(a => a.Type == "docker/image").Select(a => a.Version), Is.EqualTo(new[] { "1.9.0" }));
        });
    }

    [Test]
    public void Should_name_no_namespace_and_no_rollback_for_the_failed_AWS_deploy()
    {
        var failed = One<StageCompleted>(Events(Fixture("synthetic-stage-failed-deploy-exception.json")));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Stage.Type, Is.EqualTo("createServerGroup"));
            Assert.That(failed.Stage.Namespace, Is.Null);
            Assert.That(failed.Stage.Rollback, Is.Null);
            Assert.That(failed.Stage.Errors, Has.Some.Contains("desired capacity 12 is greater than max capacity 10"));
        });
    }
}
