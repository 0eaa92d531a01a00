using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using static Spinnaker.Mesh.ExecutionTree.Tests.Domain.ExecutionEvents;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_a_DAG_has_routes_of_different_lengths
{
    // Durations: 1 = 10 s, 2 = 30 s, 3 = 50 s, 4 = 20 s, 5 = 15 s, 6 = 5 s.
    // Edges: 1 -> 2, 1 -> 3, 2 -> 4, {2, 3} -> 5, {4, 5} -> 6 (6 also names an unknown "99").
    // Routes: 1-2-4-6 = 10 + 30 + 20 + 5 = 65 s; 1-2-5-6 = 10 + 30 + 15 + 5 = 60 s; 1-3-5-6 = 10 + 50 + 15 + 5 = 80 s.
    // The critical path is 1-3-5-6, 80 s. Stage 3's 40 s synthetic child runs inside its 50 s and adds nothing.
    private static readonly StageInfo[] Stages =
    [
        Stage("1", status: "SUCCEEDED", start: At(0), end: At(10)),
        Stage("2", ["1"], status: "SUCCEEDED", start: At(10), end: At(40)),
        Stage("3", ["1"], status: "SUCCEEDED", start: At(10), end: At(60)),
        Stage("3<1", status: "SUCCEEDED", start: At(15), end: At(55), parentStageId: Id("3"), owner: "STAGE_BEFORE"),
        Stage("4", ["2"], status: "SUCCEEDED", start: At(40), end: At(60)),
        Stage("5", ["2", "3"], status: "SUCCEEDED", start: At(60), end: At(75)),
        Stage("6", ["4", "5", "99"], status: "SUCCEEDED", start: At(75), end: At(80)),
    ];

    [Test]
    public void Should_follow_the_longest_route()
    {
        var path = ExecutionTreeBuilder.Build(Applied([PipelineCompleted(Execution("SUCCEEDED", end: At(80)), Stages)])).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((new[] { "1", "3", "5", "6" }, 80_000L)));
    }

    [Test]
    public void Should_switch_route_when_another_stage_takes_longer()
    {
        // Stage 4 now takes 60 s: 1-2-4-6 = 10 + 30 + 60 + 5 = 105 s beats 80 s.
        var slower = Stages.Select(s => s.RefId == "4" ? s with { EndTime = At(100) } : s).ToArray();
        var path = ExecutionTreeBuilder.Build(Applied([PipelineCompleted(Execution(), slower)])).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((new[] { "1", "2", "4", "6" }, 105_000L)));
    }
}

public sealed class When_two_routes_are_equally_long
{
    [Test]
    public void Should_pick_the_one_through_the_smaller_refId()
    {
        // 1 (10 s) -> 2 (20 s) and 1 -> 3 (20 s): both 30 s.
        var path = ExecutionTreeBuilder.Build(Applied([PipelineCompleted(Execution(),
            Stage("1", status: "SUCCEEDED", start: At(0), end: At(10)),
            Stage("3", ["1"], status: "SUCCEEDED", start: At(10), end: At(30)),
            Stage("2", ["1"], status: "SUCCEEDED", start: At(10), end: At(30)))])).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((new[] { "1", "2" }, 30_000L)));
    }
}

public sealed class When_stage_links_form_a_cycle
{
    [Test]
    public void Should_still_list_every_stage_and_a_path()
    {
        // Orca never produces this; a corrupt payload must not hang the service.
        var tree = ExecutionTreeBuilder.Build(Applied([PipelineCompleted(Execution(),
            Stage("1", ["2"], status: "SUCCEEDED", start: At(0), end: At(10)),
            Stage("2", ["1"], status: "SUCCEEDED", start: At(10), end: At(30)),
            Stage("3", ["3"], status: "SUCCEEDED", start: At(30), end: At(31)))])).CriticalPath;
        Assert.That((tree.StageRefIds, tree.DurationMs), Is.EqualTo((new[] { "1", "2" }, 30_000L)));
    }
}

public sealed class When_there_are_no_stages
{
    [Test]
    public void Should_have_an_empty_critical_path()
    {
        var path = ExecutionTreeBuilder.Build(Applied([PipelineCompleted(Execution("CANCELED"))])).CriticalPath;
        Assert.That((path.StageRefIds, path.DurationMs), Is.EqualTo((Array.Empty<string>(), 0L)));
    }
}
