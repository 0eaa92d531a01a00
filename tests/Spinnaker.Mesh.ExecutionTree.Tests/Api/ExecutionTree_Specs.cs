using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

[TestFixture, NonParallelizable]
internal sealed class When_a_sequential_pipeline_completes : PublishedRunSpec
{
    private readonly PipelineRun _run = new PipelineRun("tree-sequential", "01HZT0SEQUENT1AL000000000001")
        .Stage("1", "bake", at: 0, seconds: 60)
        .Stage("2", "deployManifest", at: 61, seconds: 120, after: ["1"], cloudProvider: "kubernetes", account: "prod-use1", regions: ["us-east-1"])
        .Stage("3", "wait", at: 182, seconds: 30, after: ["2"]);

    protected override PipelineRun Run => _run;

    [Test]
    public void Should_answer_the_execution_fields()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Tree.GetProperty("id").GetString(), Is.EqualTo(_run.ExecutionId));
            Assert.That(Tree.GetProperty("application").GetString(), Is.EqualTo("checkout"));
            Assert.That(Tree.GetProperty("pipelineName").GetString(), Is.EqualTo(_run.Pipeline));
            Assert.That(Tree.GetProperty("pipelineConfigId").GetString(), Is.EqualTo($"{_run.Pipeline} config"));
            Assert.That(Tree.GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
            Assert.That(Tree.GetProperty("trigger").GetProperty("type").GetString(), Is.EqualTo("manual"));
            Assert.That(Tree.GetProperty("startTime").GetString(), Is.EqualTo("2024-05-14T15:00:00.000Z"));
            Assert.That(Tree.GetProperty("endTime").GetString(), Is.EqualTo("2024-05-14T15:03:33.000Z"));
            Assert.That(Tree.GetProperty("durationMs").GetInt64(), Is.EqualTo(213_000));
            Assert.That(Tree.GetProperty("parentExecutionId").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(Tree.GetProperty("childExecutionIds").GetArrayLength(), Is.Zero);
        });
    }

    [Test]
    public void Should_list_the_stages_in_order_with_their_tasks()
    {
        var stages = Tree.GetProperty("stages").EnumerateArray().ToList();

        Assert.That(stages.Select(s => s.GetProperty("refId").GetString()), Is.EqualTo(new[] { "1", "2", "3" }));
        var deploy = stages[1];
        Assert.Multiple(() =>
        {
            Assert.That(deploy.GetProperty("id").GetString(), Is.EqualTo(_run.StageId("2")));
            Assert.That(deploy.GetProperty("type").GetString(), Is.EqualTo("deployManifest"));
            Assert.That(deploy.GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
            Assert.That(deploy.GetProperty("durationMs").GetInt64(), Is.EqualTo(120_000));
            Assert.That(deploy.GetProperty("requisiteStageRefIds").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "1" }));
            Assert.That(deploy.GetProperty("cloudProvider").GetString(), Is.EqualTo("kubernetes"));
            Assert.That(deploy.GetProperty("account").GetString(), Is.EqualTo("prod-use1"));
            Assert.That(deploy.GetProperty("regions").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "us-east-1" }));
            Assert.That(deploy.GetProperty("children").GetArrayLength(), Is.Zero);
            Assert.That(deploy.GetProperty("tasks")[0].GetProperty("name").GetString(), Is.EqualTo("deployManifest"));
            Assert.That(deploy.GetProperty("tasks")[0].GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
        });
    }

    [Test]
    public void Should_have_no_branches_and_every_stage_on_the_critical_path()
    {
        Assert.That(Tree.GetProperty("branches").GetArrayLength(), Is.Zero);
        var path = Tree.GetProperty("criticalPath");
        Assert.That(path.GetProperty("stageRefIds").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(path.GetProperty("durationMs").GetInt64(), Is.EqualTo(210_000));
    }
}

[TestFixture, NonParallelizable]
internal sealed class When_two_parallel_branches_join_later : PublishedRunSpec
{
    // 1 -> {2, 3} -> 4: the us-west-2 deploy is the slower branch.
    private readonly PipelineRun _run = new PipelineRun("tree-parallel", "01HZT0PARALLEL00000000000001")
        .Stage("1", "evaluateVariables", at: 0, seconds: 10)
        .Stage("2", "deployManifest", at: 11, seconds: 40, after: ["1"], name: "Deploy us-east-1")
        .Stage("3", "deployManifest", at: 11, seconds: 60, after: ["1"], name: "Deploy us-west-2")
        .Stage("4", "wait", at: 72, seconds: 5, after: ["2", "3"]);

    protected override PipelineRun Run => _run;

    [Test]
    public void Should_answer_one_branch_per_deploy_forking_after_1_and_joining_at_4()
    {
        var branches = Tree.GetProperty("branches").EnumerateArray().ToList();

        Assert.That(branches.Select(b => string.Join(",", b.GetProperty("stageRefIds").EnumerateArray().Select(r => r.GetString()))),
            Is.EquivalentTo(new[] { "2", "3" }));
        Assert.Multiple(() =>
        {
            foreach (var branch in branches)
            {
                Assert.That(branch.GetProperty("forkRefIds").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "1" }));
                Assert.That(branch.GetProperty("joinRefId").GetString(), Is.EqualTo("4"));
                Assert.That(branch.GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
            }
        });
    }

    [Test]
    public void Should_put_the_slower_branch_on_the_critical_path()
    {
        var path = Tree.GetProperty("criticalPath");
        Assert.That(path.GetProperty("stageRefIds").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "1", "3", "4" }));
        Assert.That(path.GetProperty("durationMs").GetInt64(), Is.EqualTo(75_000));
    }

    [Test]
    public void Should_order_the_stages_by_the_graph()
    {
        var refIds = Tree.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("refId").GetString()).ToList();
        Assert.That(refIds.First(), Is.EqualTo("1"));
        Assert.That(refIds.Last(), Is.EqualTo("4"));
        Assert.That(refIds, Is.EquivalentTo(new[] { "1", "2", "3", "4" }));
    }
}

[TestFixture, NonParallelizable]
internal sealed class When_a_stage_runs_synthetic_stages_before_and_after_it : PublishedRunSpec
{
    private readonly PipelineRun _run = new PipelineRun("tree-synthetic", "01HZT0SYNTHET1C000000000001")
        .Stage("1", "deploy", at: 0, seconds: 100, cloudProvider: "aws", account: "prod", regions: ["us-east-1"], cluster: "checkout-prod")
        .Stage("1<1", "createServerGroup", at: 1, seconds: 50, parent: "1", owner: "STAGE_BEFORE")
        .Stage("1>1", "disableCluster", at: 60, seconds: 30, parent: "1", owner: "STAGE_AFTER")
        .Stage("2", "wait", at: 101, seconds: 10, after: ["1"]);

    protected override PipelineRun Run => _run;

    [Test]
    public void Should_nest_them_under_their_parent_before_stages_first()
    {
        var stages = Tree.GetProperty("stages").EnumerateArray().ToList();
        Assert.That(stages.Select(s => s.GetProperty("refId").GetString()), Is.EqualTo(new[] { "1", "2" }), "synthetic stages are not top-level");

        var children = stages[0].GetProperty("children").EnumerateArray().ToList();
        Assert.That(children.Select(c => c.GetProperty("refId").GetString()), Is.EqualTo(new[] { "1<1", "1>1" }));
        Assert.Multiple(() =>
        {
            Assert.That(children[0].GetProperty("syntheticStageOwner").GetString(), Is.EqualTo("STAGE_BEFORE"));
            Assert.That(children[1].GetProperty("syntheticStageOwner").GetString(), Is.EqualTo("STAGE_AFTER"));
            Assert.That(children.Select(c => c.GetProperty("parentStageId").GetString()), Is.All.EqualTo(_run.StageId("1")));
            Assert.That(children[0].GetProperty("durationMs").GetInt64(), Is.EqualTo(50_000));
        });
    }

    [Test]
    public void Should_keep_them_off_the_critical_path()
    {
        var path = Tree.GetProperty("criticalPath");
        Assert.That(path.GetProperty("stageRefIds").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "1", "2" }));
        Assert.That(path.GetProperty("durationMs").GetInt64(), Is.EqualTo(110_000));
    }
}

[TestFixture, NonParallelizable]
internal sealed class When_a_deploy_fails : PublishedRunSpec
{
    private const string Error = "Exception ( Create Server Group ) Error: 400 Bad Request: security group sg-1234 does not exist";

    private readonly PipelineRun _run = new PipelineRun("tree-failed", "01HZT0FA1LEDDEPLOY000000001", status: "TERMINAL")
        .Stage("1", "bake", at: 0, seconds: 30)
        .Stage("2", "deploy", at: 31, seconds: 20, after: ["1"], status: "TERMINAL", cloudProvider: "aws", account: "prod",
            regions: ["us-east-1", "us-west-2"], cluster: "checkout-prod", errors: [Error]);

    protected override PipelineRun Run => _run;

    [Test]
    public void Should_answer_the_failure_with_the_stage_errors_and_where_it_deployed()
    {
        var deploy = Tree.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("refId").GetString() == "2");

        Assert.Multiple(() =>
        {
            Assert.That(Tree.GetProperty("status").GetString(), Is.EqualTo("TERMINAL"));
            Assert.That(deploy.GetProperty("status").GetString(), Is.EqualTo("TERMINAL"));
            Assert.That(deploy.GetProperty("errors").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { Error }));
            Assert.That(deploy.GetProperty("cloudProvider").GetString(), Is.EqualTo("aws"));
            Assert.That(deploy.GetProperty("account").GetString(), Is.EqualTo("prod"));
            Assert.That(deploy.GetProperty("regions").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "us-east-1", "us-west-2" }));
            Assert.That(deploy.GetProperty("cluster").GetString(), Is.EqualTo("checkout-prod"));
            Assert.That(deploy.GetProperty("tasks")[0].GetProperty("error").GetString(), Is.EqualTo(Error));
        });
    }

    [Test]
    public async Task Should_keep_the_stage_row_with_its_errors_for_failure_statistics()
    {
        var rows = await ServiceUnderTest.Service.CountAsync(
            $"SELECT count(*) FROM execution_tree.stages WHERE tenant = @tenant AND status = 'TERMINAL' AND errors = ARRAY['{Error}'] AND regions = ARRAY['us-east-1', 'us-west-2']",
            _run.Tenant);
        Assert.That(rows, Is.EqualTo(1));
    }
}
