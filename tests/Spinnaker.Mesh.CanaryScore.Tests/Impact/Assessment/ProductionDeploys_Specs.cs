using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.ImpactExamples;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment;

[TestFixture]
public sealed class A_production_deployment
{
    private static readonly DateTimeOffset Start = T0;
    private static readonly DateTimeOffset End = T0 + TimeSpan.FromMinutes(3);

    private static ImpactDeployment? Find(IExecutionEvent e) =>
        ProductionDeploys.Find(e.Execution, ProductionDeploys.SucceededDeploys(e), Policy());

    [Test]
    public void Is_a_successful_deploy_stage_to_a_production_account()
    {
        var deployment = Find(Completed(Execution("e1"), Stage("s1", "createServerGroup", Start, End, account: "PROD-US", serverGroup: "checkout-api-v012")));

        Assert.That(deployment, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(deployment!.ExecutionId, Is.EqualTo("e1"));
            Assert.That(deployment.StageId, Is.EqualTo("s1"));
            Assert.That(deployment.Account, Is.EqualTo("PROD-US"), "as the stage names it: what the metrics are labelled with");
            Assert.That(deployment.Cluster, Is.EqualTo("checkout-api"));
            Assert.That(deployment.Region, Is.EqualTo("us-east-1"));
            Assert.That(deployment.Version, Is.EqualTo("checkout-api-v012"), "the server group, when no image was deployed");
            Assert.That((deployment.DeployStartedAt, deployment.DeployEndedAt), Is.EqualTo((Start, End)));
        });
    }

    [Test]
    public void Is_found_through_any_account_the_stage_targets()
    {
        var stage = Stage("s1", "deploy", Start, End, account: null) with { Accounts = ["staging", "prod-eu"] };

        Assert.That(Find(Completed(Execution("e1"), stage))?.Account, Is.EqualTo("prod-eu"));
    }

    [Test]
    public void Is_found_by_its_production_namespace_on_a_shared_account()
    {
        var stage = Stage("s1", "deployManifest", Start, End, account: "k8s-shared", ns: "checkout-prod", cluster: null) with
        {
            Artifacts = [new ArtifactInfo("docker/image", "gcr.io/acme/checkout", "1.4.2", "gcr.io/acme/checkout:1.4.2", new Dictionary<string, string>())],
        };

        var deployment = Find(Completed(Execution("e1"), stage));

        Assert.That(deployment, Is.Not.Null);
        Assert.That((deployment!.Namespace, deployment.Version, deployment.Account), Is.EqualTo(("checkout-prod", "1.4.2", "k8s-shared")));
    }

    [Test]
    public void Is_not_one_where_the_namespace_is_unknown_and_the_account_is_not_production()
    {
        Assert.That(Find(Completed(Execution("e1"), Stage("s1", "deployManifest", Start, End, account: "k8s-shared", ns: null))), Is.Null);
        Assert.That(Find(Completed(Execution("e1"), Stage("s1", "deployManifest", Start, End, account: "k8s-shared", ns: "checkout-staging"))), Is.Null);
    }

    [Test]
    public void Is_not_a_failed_an_unfinished_or_another_kind_of_stage()
    {
        var execution = Execution("e1");
        Assert.Multiple(() =>
        {
            Assert.That(Find(Completed(execution, Stage("s1", "createServerGroup", Start, End, status: "TERMINAL"))), Is.Null);
            Assert.That(Find(Completed(execution, Stage("s1", "createServerGroup", Start, End, status: "FAILED_CONTINUE"))), Is.Null);
            Assert.That(Find(Completed(execution, Stage("s1", "bake", Start, End))), Is.Null);
            Assert.That(Find(Completed(execution, Stage("s1", "wait", Start, End), Stage("s2", "deploy", Start, End, status: "RUNNING"))), Is.Null);
            Assert.That(Find(Completed(execution, Stage("s1", "wait", Start, End), Stage("s2", "deploy", Start, End) with { EndTime = null })), Is.Null);
        });
    }

    [TestCase("deploy", true)]
    [TestCase("createServerGroup", true)]
    [TestCase("cloneServerGroup", true)]
    [TestCase("deployManifest", true)]
    [TestCase("deployCloudFormation", true)]
    [TestCase("deployService", true)]
    [TestCase("destroyServerGroup", false)]
    [TestCase("undeployService", false)]
    [TestCase("rollbackCluster", false)]
    [TestCase("runJob", false)]
    public void Is_made_by_deploy_stage_types(string type, bool deploys) =>
        Assert.That(ProductionDeploys.IsDeployType(type), Is.EqualTo(deploys));

    [Test]
    public void Spans_every_production_deploy_stage_of_the_execution_and_no_other()
    {
        var execution = Execution("e1");
        var east = Stage("east", "createServerGroup", Start, End);
        var staging = Stage("staging", "createServerGroup", Start - TimeSpan.FromMinutes(20), Start - TimeSpan.FromMinutes(15), account: "staging");
        var eu = Stage("eu", "createServerGroup", End + TimeSpan.FromMinutes(1), End + TimeSpan.FromMinutes(4), account: "prod-eu", region: "eu-west-1");
        var pipeline = new PipelineCompleted(Guid.NewGuid(), End, execution with { Status = "SUCCEEDED" }, [staging, east, eu]);

        var deployment = Find(pipeline)!;

        Assert.Multiple(() =>
        {
            Assert.That(deployment.StageIds, Is.EqualTo(new[] { "east", "eu" }));
            Assert.That(deployment.DeployStartedAt, Is.EqualTo(Start), "the earliest production deploy's start");
            Assert.That(deployment.DeployEndedAt, Is.EqualTo(End + TimeSpan.FromMinutes(4)), "the latest production deploy's end");
            Assert.That(deployment.StageId, Is.EqualTo("east"));
        });
    }

    [Test]
    public void Is_described_by_the_stage_that_names_the_most()
    {
        // Orca's deploy stage names its accounts; its synthetic createServerGroup child names cluster, region and server group.
        var parent = Stage("deploy", "deploy", Start, End, account: null, cluster: null, region: null) with { Accounts = ["prod-us"] };
        var child = Stage("csg", "createServerGroup", Start + TimeSpan.FromSeconds(5), End - TimeSpan.FromSeconds(5), serverGroup: "checkout-api-v013")
            with { ParentStageId = "deploy", SyntheticStageOwner = "STAGE_BEFORE" };

        var deployment = Find(Completed(Execution("e1"), parent, child))!;

        Assert.That((deployment.StageId, deployment.Cluster, deployment.Version), Is.EqualTo(("csg", "checkout-api", "checkout-api-v013")));
        Assert.That((deployment.DeployStartedAt, deployment.DeployEndedAt), Is.EqualTo((Start, End)), "the parent's times span its child's");
    }

    [Test]
    public void Takes_the_event_s_own_stage_over_its_stale_copy_in_the_snapshot()
    {
        var own = Stage("s1", "createServerGroup", Start, End);
        var stale = own with { Status = "RUNNING", EndTime = null };

        Assert.That(Find(new StageCompleted(Guid.NewGuid(), End, Execution("e1"), own, [stale])), Is.Not.Null);
    }
}

[TestFixture]
public sealed class The_windows_of_an_assessment
{
    [Test]
    public void Should_end_the_before_window_at_the_deploy_start_and_start_the_after_window_once_settled()
    {
        var windows = ImpactWindows.For(T0, T0 + TimeSpan.FromMinutes(4), settle: TimeSpan.FromMinutes(5), window: TimeSpan.FromMinutes(30));

        Assert.Multiple(() =>
        {
            Assert.That(windows.Before, Is.EqualTo(new ImpactWindow(T0 - TimeSpan.FromMinutes(30), T0)));
            Assert.That(windows.After, Is.EqualTo(new ImpactWindow(T0 + TimeSpan.FromMinutes(9), T0 + TimeSpan.FromMinutes(39))));
        });
    }

    [Test]
    public void Should_follow_a_later_production_stage_of_the_same_execution()
    {
        var first = Deployment("e1", T0, T0 + TimeSpan.FromMinutes(3));
        var later = first with { StageIds = ["e1-eu"], StageId = "e1-eu", Region = "eu-west-1", DeployStartedAt = T0 + TimeSpan.FromMinutes(4), DeployEndedAt = T0 + TimeSpan.FromMinutes(8) };

        var merged = first.Merge(later);

        Assert.Multiple(() =>
        {
            Assert.That(first.IsWidenedBy(later), Is.True);
            Assert.That(merged.StageIds, Is.EqualTo(new[] { "e1-deploy", "e1-eu" }));
            Assert.That((merged.DeployStartedAt, merged.DeployEndedAt), Is.EqualTo((T0, T0 + TimeSpan.FromMinutes(8))));
            Assert.That((merged.StageId, merged.Region), Is.EqualTo(("e1-deploy", "us-east-1")), "the first description stays");
            Assert.That(merged.IsWidenedBy(first), Is.False, "a redelivered snapshot changes nothing");
            Assert.That(merged.IsWidenedBy(later), Is.False);
        });
    }

    [Test]
    public void Should_be_replayed_from_the_stream_with_extensions_and_retries()
    {
        var policy = Policy();
        var first = Deployment("e1", T0, T0 + TimeSpan.FromMinutes(3));
        var wider = first with { DeployEndedAt = T0 + TimeSpan.FromMinutes(8) };
        var state = ImpactState.From("acme", [
            new DeploymentImpactScheduled(first, policy, ImpactWindows.For(first, policy), T0 + TimeSpan.FromMinutes(38), T0),
            new DeploymentImpactExtended(wider, ImpactWindows.For(wider, policy), T0 + TimeSpan.FromMinutes(43)),
            new DeploymentImpactRetryScheduled(1, "down", T0 + TimeSpan.FromMinutes(44)),
        ])!;

        Assert.Multiple(() =>
        {
            Assert.That(state.IsPending, Is.True);
            Assert.That(state.Deployment, Is.EqualTo(wider));
            Assert.That(state.Windows.After.Start, Is.EqualTo(T0 + TimeSpan.FromMinutes(13)));
            Assert.That((state.Attempts, state.LastRetryReason, state.DueAt), Is.EqualTo((1, "down", T0 + TimeSpan.FromMinutes(44))));
        });
    }
}
