using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Rollback.Deployments;
using Spinnaker.Mesh.Rollback.Tests.Decisions.Support;

namespace Spinnaker.Mesh.Rollback.Tests.Decisions.Domain;

/// <summary>Whether a deploy stage reached its cluster, and what it put there, read from the stage as ingest normalized it.</summary>
[TestFixture]
public sealed class Reading_what_a_deploy_stage_changed
{
    private static readonly DateTimeOffset T = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Should_count_a_succeeded_deploy_as_having_reached_the_cluster()
    {
        Assert.That(DeployStages.ReachedTheCluster(Deploys.Manifest("s1", "registry.example.com/checkout-api:1.9.1", T, T.AddMinutes(3))), Is.True);
        Assert.That(DeployStages.ReachedTheCluster(Deploys.ServerGroup("s2", "payments-api-v042", T, T.AddMinutes(3))), Is.True);
    }

    [Test]
    public void Should_count_a_manifest_applied_before_it_failed_to_stabilize()
    {
        // synthetic-pipeline-failed-canceled.json: deployManifest SUCCEEDED, waitForManifestToStabilize CANCELED.
        var stage = Deploys.Manifest("s1", "registry.example.com/checkout-api:1.9.1", T, T.AddMinutes(3), status: "CANCELED", applied: true);
        Assert.That(DeployStages.ReachedTheCluster(stage), Is.True);
    }

    [Test]
    public void Should_count_a_server_group_created_before_its_instances_failed_to_come_up()
    {
        var stage = Deploys.ServerGroup("s1", "payments-api-v042", T, T.AddMinutes(3), status: "TERMINAL", created: true);
        Assert.That(DeployStages.ReachedTheCluster(stage), Is.True);
    }

    [Test]
    public void Should_not_count_a_deploy_whose_create_task_failed()
    {
        // synthetic-pipeline-failed-terminal.json: createServerGroup task TERMINAL, nothing after it ran.
        Assert.That(DeployStages.ReachedTheCluster(Deploys.ServerGroup("s1", "payments-api-v042", T, T.AddMinutes(3), "TERMINAL", created: false)), Is.False);
        Assert.That(DeployStages.ReachedTheCluster(Deploys.Manifest("s2", "r/checkout-api:2", T, T.AddMinutes(3), "TERMINAL", applied: false)), Is.False);
    }

    [Test]
    public void Should_not_count_a_deploy_that_never_started()
    {
        var planned = Deploys.Manifest("s1", "r/checkout-api:2", T, T, "NOT_STARTED", applied: false) with { Tasks = [] };
        Assert.That(DeployStages.ReachedTheCluster(planned), Is.False);
    }

    [TestCase("deployManifest", true)]
    [TestCase("deploy", true)]
    [TestCase("createServerGroup", true)]
    [TestCase("cloneServerGroup", true)]
    [TestCase("deployCloudFormation", true)]
    [TestCase("rollbackServerGroup", false)]
    [TestCase("undoRolloutManifest", false)]
    [TestCase("bake", false)]
    public void Should_know_deploy_stages_by_type(string type, bool deploy) =>
        Assert.That(DeployStages.IsDeploy(Deploys.Other("s", type, T, T)), Is.EqualTo(deploy));

    [Test]
    public void Should_take_the_image_tag_as_a_manifest_deploys_version_and_the_workload_as_its_cluster()
    {
        var stage = Deploys.Manifest("s1", "registry.example.com/checkout-api:1.9.1", T, T.AddMinutes(3));
        Assert.That(DeployStages.VersionOf(stage), Is.EqualTo("1.9.1"));
        Assert.That(DeployStages.ClusterOf(stage), Is.EqualTo("deployment checkout-api"));
    }

    [Test]
    public void Should_take_the_workloads_own_image_when_a_sidecar_comes_first()
    {
        var stage = Deploys.Manifest("s1", "registry.example.com/checkout-api:1.9.1", T, T.AddMinutes(3));
        stage = stage with
        {
            Artifacts = [new ArtifactInfo("docker/image", "envoyproxy/envoy", "v1.30", "envoyproxy/envoy:v1.30", new Dictionary<string, string>()), .. stage.Artifacts!],
        };
        Assert.That(DeployStages.VersionOf(stage), Is.EqualTo("1.9.1"));
    }

    [Test]
    public void Should_take_the_server_group_as_a_server_group_deploys_version()
    {
        var stage = Deploys.ServerGroup("s1", "payments-api-v042", T, T.AddMinutes(3));
        Assert.That(DeployStages.VersionOf(stage), Is.EqualTo("payments-api-v042"));
        Assert.That(DeployStages.ClusterOf(stage), Is.EqualTo("payments-api"));
        Assert.That(DeployStages.ClusterOfServerGroup("payments-api-v042"), Is.EqualTo("payments-api"));
    }

    [Test]
    public void Should_name_one_target_per_account_and_region()
    {
        var stage = Deploys.ServerGroup("s1", "payments-api-v042", T, T.AddMinutes(3)) with { Regions = ["us-east-1", "us-west-2"], Accounts = ["prod", "prod-eu"] };
        var targets = DeployStages.TargetsOf("payments", stage);
        Assert.That(targets.Select(t => $"{t.Account}/{t.Region}"), Is.EqualTo(new[] { "prod/us-east-1", "prod/us-west-2", "prod-eu/us-east-1", "prod-eu/us-west-2" }));
        Assert.That(targets.All(t => t.Cluster == "payments-api" && t.Application == "payments"), Is.True);
    }

    [Test]
    public void Should_combine_a_deploy_stage_and_its_synthetic_child_on_one_target()
    {
        // The AWS deploy stage lists the cluster; its createServerGroup child holds the server group it created.
        var child = Deploys.ServerGroup("child", "payments-api-v042", T, T.AddMinutes(3), "TERMINAL", created: true);
        var parent = child with { Id = "parent", Type = "deploy", Tasks = [], ServerGroup = null, Status = "TERMINAL", EndTime = T.AddMinutes(4) };
        var completed = Deploys.Completed("t", "payments", "E2", "TERMINAL", parent, child);
        var deployment = DeploymentObservation.From(completed)!.Deployments().Single();
        Assert.That(deployment.Reached, Is.True, "the child created the server group");
        Assert.That(deployment.Version, Is.EqualTo("payments-api-v042"));
        Assert.That(deployment.StartedAt, Is.EqualTo(T));
    }

    [Test]
    public void Should_see_no_deployment_in_an_execution_without_deploy_stages() =>
        Assert.That(DeploymentObservation.From(Deploys.Completed("t", "checkout", "E1", "TERMINAL", Deploys.Other("w", "wait", T, T.AddMinutes(1), "TERMINAL"))), Is.Null);

    [Test]
    public void Should_read_the_decision_of_an_execution_Mesh_started()
    {
        var completed = Deploys.Completed("t", "checkout", "E9", "SUCCEEDED", "Rollback checkout",
            new Dictionary<string, string> { ["meshDecisionId"] = "d-1" }, Deploys.Manifest("s", "r/checkout-api:1.9.0", T, T.AddMinutes(2)));
        Assert.That(DeploymentObservation.From(completed)!.Execution.MeshDecisionId, Is.EqualTo("d-1"));
    }
}
