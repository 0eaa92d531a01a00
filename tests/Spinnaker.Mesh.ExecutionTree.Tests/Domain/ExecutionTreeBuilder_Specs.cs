using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using static Spinnaker.Mesh.ExecutionTree.Tests.Domain.ExecutionEvents;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_a_pipeline_runs_its_stages_in_sequence
{
    private static readonly StageInfo[] Stages =
    [
        Stage("1", type: "bake", status: "SUCCEEDED", start: At(0), end: At(60)),
        Stage("2", ["1"], "deployManifest", "SUCCEEDED", At(60), At(180)),
        Stage("3", ["2"], "wait", "SUCCEEDED", At(180), At(210)),
    ];

    // Stage events arrive last to first: the tree must still list the stages in DAG order.
    private static readonly ExecutionState State = Applied(
        [.. Stages.Reverse().Select(s => (object)StageCompleted(s)), PipelineCompleted(Execution("SUCCEEDED", end: At(210)), Stages)]);

    [Test]
    public void Should_list_the_stages_in_DAG_order_with_durations()
    {
        var tree = ExecutionTreeBuilder.Build(State);
        Assert.That(tree.Stages.Select(s => (s.RefId, s.DurationMs)),
            Is.EqualTo(new[] { ((string?)"1", (long?)60_000), ("2", 120_000), ("3", 30_000) }));
    }

    [Test]
    public void Should_describe_the_execution()
    {
        var tree = ExecutionTreeBuilder.Build(State);
        Assert.Multiple(() =>
        {
            Assert.That(tree.Id, Is.EqualTo(ExecutionId));
            Assert.That((tree.Tenant, tree.Application, tree.PipelineName, tree.PipelineConfigId), Is.EqualTo((Tenant, Application, PipelineName, PipelineConfigId)));
            Assert.That(tree.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(tree.DurationMs, Is.EqualTo(210_000));
            Assert.That(tree.Trigger!.Type, Is.EqualTo("manual"));
            Assert.That(tree.ParentExecutionId, Is.Null);
            Assert.That(tree.ChildExecutionIds, Is.Empty);
        });
    }

    [Test]
    public void Should_have_no_parallel_branches() =>
        Assert.That(ExecutionTreeBuilder.Build(State).Branches, Is.Empty);

    [Test]
    public void Should_carry_the_stage_s_context_fields()
    {
        var deploy = ExecutionTreeBuilder.Build(State).Stages[1];
        Assert.Multiple(() =>
        {
            Assert.That((deploy.Type, deploy.Name, deploy.Status), Is.EqualTo(((string?)"deployManifest", (string?)"deployManifest 2", "SUCCEEDED")));
            Assert.That((deploy.CloudProvider, deploy.Account), Is.EqualTo(((string?)"kubernetes", (string?)"prod-k8s")));
            Assert.That(deploy.Regions, Is.EqualTo(new[] { "us-east-1" }));
            Assert.That(deploy.RequisiteStageRefIds, Is.EqualTo(new[] { "1" }));
            Assert.That(deploy.GateKind, Is.Null);
        });
    }

    [Test]
    public void Should_make_the_whole_chain_the_critical_path()
    {
        var path = ExecutionTreeBuilder.Build(State).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((new[] { "1", "2", "3" }, 210_000L)));
    }
}

public sealed class When_a_stage_has_synthetic_stages
{
    private static readonly ExecutionState State = Applied(Scenarios.ReleaseWithCanary());

    [Test]
    public void Should_keep_only_real_stages_at_the_top() =>
        Assert.That(ExecutionTreeBuilder.Build(State).Stages.Select(s => s.RefId), Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));

    [Test]
    public void Should_nest_before_stages_then_after_stages_under_their_parent()
    {
        var deploy = ExecutionTreeBuilder.Build(State).Stages.Single(s => s.RefId == "2");
        Assert.That(deploy.Children.Select(c => (c.RefId, c.SyntheticStageOwner)),
            Is.EqualTo(new[] { ((string?)"2<1", (string?)"STAGE_BEFORE"), ("2>1", "STAGE_AFTER") }));
    }

    [Test]
    public void Should_nest_canary_runs_under_the_intervals_stage()
    {
        var canary = ExecutionTreeBuilder.Build(State).Stages.Single(s => s.RefId == "4");
        Assert.Multiple(() =>
        {
            Assert.That(canary.Children.Select(c => c.RefId), Is.EqualTo(new[] { "4<1" }));
            Assert.That(canary.Children[0].Children.Select(c => c.RefId), Is.EqualTo(new[] { "4<1<1", "4<1<2" }));
        });
    }

    [Test]
    public void Should_list_all_stages_depth_first() =>
        Assert.That(ExecutionTreeBuilder.Build(State).AllStages().Select(s => s.RefId),
            Is.EqualTo(new[] { "1", "2", "2<1", "2>1", "3", "4", "4<1", "4<1<1", "4<1<2", "5" }));

    [Test]
    public void Should_put_tasks_under_their_stage_in_id_order()
    {
        var pipeline = ExecutionTreeBuilder.Build(State).Stages.Single(s => s.RefId == "5");
        Assert.That(pipeline.Tasks.Select(t => (t.Name, t.DurationMs)),
            Is.EqualTo(new[] { ("startPipeline", (long?)1_000), ("monitorPipeline", 99_000) }));
    }

    [Test]
    public void Should_name_the_gates()
    {
        var gates = ExecutionTreeBuilder.Build(State).AllStages().Where(s => s.GateKind is not null).Select(s => (s.RefId, s.GateKind));
        Assert.That(gates, Is.EqualTo(new[] { ((string?)"2<1", (string?)"executionWindow"), ("3", "manualJudgment") }));
    }

    [Test]
    public void Should_show_the_judgment()
    {
        var judgment = ExecutionTreeBuilder.Build(State).Stages.Single(s => s.RefId == "3").Judgment;
        Assert.That(judgment, Is.EqualTo(new JudgmentInfo("continue", null, "bob", At(119))));
    }

    [Test]
    public void Should_keep_synthetic_stages_out_of_the_critical_path()
    {
        // 1 (60 s) -> 2 (140 s) -> 4 (200 s) -> 5 (100 s) = 500 s; the judgment route 1 -> 3 (60 s) -> 4 is shorter.
        var path = ExecutionTreeBuilder.Build(State).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((new[] { "1", "2", "4", "5" }, 500_000L)));
    }
}

public sealed class When_a_deploy_fails_in_its_synthetic_stage
{
    private static readonly ExecutionState State = Applied(
    [
        StageCompleted(Stage("1", type: "deploy", status: "TERMINAL", start: At(0), end: At(100))),
        StageCompleted(Stage("1<1", type: "createServerGroup", status: "TERMINAL", start: At(1), end: At(99), parentStageId: Id("1"),
            owner: "STAGE_BEFORE", errors: ["Failed to create server group shop-prod-v042: quota exceeded"])),
        StageCompleted(Stage("1<2", type: "createServerGroup", status: "SUCCEEDED", start: At(1), end: At(50), parentStageId: Id("1"),
            owner: "STAGE_BEFORE", errors: ["retried once"])),
        StageCompleted(Stage("2", type: "deploy", status: "TERMINAL", start: At(0), end: At(100), errors: ["own failure"])),
        StageCompleted(Stage("2<1", type: "createServerGroup", status: "TERMINAL", start: At(1), end: At(99), parentStageId: Id("2"),
            owner: "STAGE_BEFORE", errors: ["child failure"])),
        PipelineCompleted(Execution("TERMINAL", end: At(100))),
    ]);

    [Test]
    public void Should_show_the_child_s_error_on_the_parent() =>
        Assert.That(ExecutionTreeBuilder.Build(State).Stages[0].Errors, Is.EqualTo(new[] { "Failed to create server group shop-prod-v042: quota exceeded" }));

    [Test]
    public void Should_keep_the_error_on_the_child_too() =>
        Assert.That(ExecutionTreeBuilder.Build(State).Stages[0].Children[0].Errors, Is.EqualTo(new[] { "Failed to create server group shop-prod-v042: quota exceeded" }));

    [Test]
    public void Should_prefer_the_parent_s_own_errors() =>
        Assert.That(ExecutionTreeBuilder.Build(State).Stages[1].Errors, Is.EqualTo(new[] { "own failure" }));
}

public sealed class When_a_failed_stage_s_error_is_two_levels_down
{
    [Test]
    public void Should_bring_it_up_to_the_top_stage()
    {
        var state = Applied(
        [
            StageCompleted(Stage("1", type: "kayentaCanary", status: "TERMINAL", start: At(0), end: At(100))),
            StageCompleted(Stage("1<1", type: "runCanaryIntervals", status: "TERMINAL", start: At(0), end: At(100), parentStageId: Id("1"), owner: "STAGE_BEFORE")),
            StageCompleted(Stage("1<1<1", type: "runCanary", status: "TERMINAL", start: At(0), end: At(100), parentStageId: Id("1<1"), owner: "STAGE_BEFORE",
                errors: ["Canary score 42 is below the marginal threshold 75"])),
        ]);
        Assert.That(ExecutionTreeBuilder.Build(state).Stages.Single().Errors, Is.EqualTo(new[] { "Canary score 42 is below the marginal threshold 75" }));
    }
}

public sealed class When_a_pipeline_stage_starts_a_child_pipeline
{
    [Test]
    public void Should_link_the_parent_to_the_child()
    {
        var tree = ExecutionTreeBuilder.Build(Applied(Scenarios.ReleaseWithCanary()));
        Assert.Multiple(() =>
        {
            Assert.That(tree.ChildExecutionIds, Is.EqualTo(new[] { Scenarios.ChildExecutionId }));
            Assert.That(tree.Stages.Single(s => s.RefId == "5").ChildExecutionId, Is.EqualTo(Scenarios.ChildExecutionId));
        });
    }

    [Test]
    public void Should_link_the_child_to_the_parent()
    {
        var trigger = new TriggerInfo("pipeline", "[anonymous]", "01HXPARENT0000000000000000", Id("5"), null, null, null);
        var tree = ExecutionTreeBuilder.Build(Applied([PipelineStarted(Execution(trigger: trigger), Stage("1"))]));
        Assert.That(tree.ParentExecutionId, Is.EqualTo("01HXPARENT0000000000000000"));
    }
}

public sealed class When_an_execution_is_still_running
{
    private static readonly StageInfo[] Planned = [Stage("1", type: "bake"), Stage("2", ["1"], "deployManifest"), Stage("3", ["2"])];

    private static readonly ExecutionState State = Applied(
    [
        PipelineStarted(Execution(), Planned),
        StageCompleted(Stage("1", type: "bake", status: "SUCCEEDED", start: At(0), end: At(45))),
        StageStarted(Stage("2", ["1"], "deployManifest", "RUNNING", At(45))),
        TaskStarted(Planned[1], Task("1", "deployManifest", "RUNNING", At(46))),
    ]);

    [Test]
    public void Should_show_the_execution_running_without_an_end()
    {
        var tree = ExecutionTreeBuilder.Build(State);
        Assert.That((tree.Status, tree.EndTime, tree.DurationMs), Is.EqualTo(("RUNNING", (DateTimeOffset?)null, (long?)null)));
    }

    [Test]
    public void Should_show_each_stage_as_far_as_it_got()
    {
        var tree = ExecutionTreeBuilder.Build(State);
        Assert.That(tree.Stages.Select(s => (s.RefId, s.Status, s.DurationMs)), Is.EqualTo(new[]
        {
            ((string?)"1", "SUCCEEDED", (long?)45_000),
            ("2", "RUNNING", null),
            ("3", "NOT_STARTED", null),
        }));
    }

    [Test]
    public void Should_show_the_running_task()
    {
        var task = ExecutionTreeBuilder.Build(State).Stages[1].Tasks.Single();
        Assert.That((task.Name, task.Status, task.DurationMs), Is.EqualTo(("deployManifest", "RUNNING", (long?)null)));
    }

    [Test]
    public void Should_count_unfinished_stages_as_zero_on_the_critical_path()
    {
        var path = ExecutionTreeBuilder.Build(State).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((new[] { "1", "2", "3" }, 45_000L)));
    }
}

public sealed class When_no_event_was_applied
{
    [Test]
    public void Should_refuse_to_build_a_tree() =>
        Assert.That(() => ExecutionTreeBuilder.Build(ExecutionState.Empty), Throws.ArgumentException);
}
