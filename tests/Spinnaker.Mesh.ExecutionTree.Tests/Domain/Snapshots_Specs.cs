using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using static Spinnaker.Mesh.ExecutionTree.Tests.Domain.ExecutionEvents;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_a_stage_event_carries_synthetic_children_in_its_snapshot
{
    // A running canary: Orca planned its intervals stage and the runs below it when the canary started.
    private static readonly StageInfo Canary = Stage("1", type: "kayentaCanary", status: "RUNNING", start: At(10));
    private static readonly StageInfo Intervals = Stage("1<1", type: "runCanaryIntervals", status: "RUNNING", start: At(11), parentStageId: Id("1"), owner: "STAGE_BEFORE");
    private static readonly StageInfo Wait1 = Stage("1<1<1", type: "wait", status: "SUCCEEDED", start: At(12), end: At(40), parentStageId: Id("1<1"), owner: "STAGE_BEFORE");
    private static readonly StageInfo Run1 = Stage("1<1<2", ["1<1<1"], "runCanary", "SUCCEEDED", At(41), At(60), parentStageId: Id("1<1"), owner: "STAGE_BEFORE",
        tasks: [Task("1", "runCanary", "SUCCEEDED", At(41), At(50)), Task("2", "monitorCanary", "SUCCEEDED", At(51), At(60))]);
    private static readonly StageInfo Run2 = Stage("1<1<3", ["1<1<2"], "runCanary", "RUNNING", At(61), parentStageId: Id("1<1"), owner: "STAGE_BEFORE",
        tasks: [Task("1", "runCanary", "RUNNING", At(61))]);
    private static readonly StageInfo[] Snapshot = [Canary, Intervals, Wait1, Run1, Run2];

    private static readonly PipelineStarted Planned = PipelineStarted(Execution(), Stage("1", type: "kayentaCanary"));

    [Test]
    public void Should_nest_them_under_the_canary_although_their_own_events_never_arrived()
    {
        var tree = ExecutionTreeBuilder.Build(Applied([Planned, StageStarted(Canary, snapshot: Snapshot)]));
        var canary = tree.Stages.Single();
        var intervals = canary.Children.Single();
        Assert.Multiple(() =>
        {
            Assert.That(canary.RefId, Is.EqualTo("1"));
            Assert.That(intervals.RefId, Is.EqualTo("1<1"));
            Assert.That(intervals.Children.Select(c => (c.RefId, c.Status)),
                Is.EqualTo(new[] { ((string?)"1<1<1", "SUCCEEDED"), ("1<1<2", "SUCCEEDED"), ("1<1<3", "RUNNING") }));
            Assert.That(intervals.Children[1].Tasks.Select(t => (t.Name, t.Status)),
                Is.EqualTo(new[] { ("runCanary", "SUCCEEDED"), ("monitorCanary", "SUCCEEDED") }));
        });
    }

    [Test]
    public void Should_take_them_from_a_task_event_s_snapshot_too()
    {
        var state = Applied([Planned, TaskStarted(Run2, Run2.Tasks[0], snapshot: Snapshot)]);
        Assert.Multiple(() =>
        {
            Assert.That(state.Stages.Keys, Is.EquivalentTo(Snapshot.Select(s => s.Id)));
            Assert.That(state.Stages[Id("1<1<2")].Tasks, Has.Count.EqualTo(2));
            Assert.That(ExecutionTreeBuilder.Build(state).Stages.Select(s => s.RefId), Is.EqualTo(new[] { "1" }), "nested, not top-level");
        });
    }

    [Test]
    public void Should_not_let_a_stale_snapshot_undo_what_a_stage_s_own_event_said()
    {
        var run2Done = Run2 with { Status = "SUCCEEDED", EndTime = At(80), Tasks = [Task("1", "runCanary", "SUCCEEDED", At(61), At(80))] };
        var stale = StageStarted(Canary, snapshot: Snapshot);
        foreach (var order in new object[][] { [StageCompleted(run2Done), stale], [stale, StageCompleted(run2Done)] })
        {
            var stage = Applied(order).Stages[Id("1<1<3")];
            Assert.That((stage.Status, stage.EndTime, stage.Tasks.Single().Status), Is.EqualTo(("SUCCEEDED", (DateTimeOffset?)At(80), "SUCCEEDED")));
        }
    }
}

public sealed class When_snapshot_carrying_events_arrive_in_any_order_and_repeat
{
    private const int Seed = 20251201;
    private static readonly IReadOnlyList<object> InOrder = Scenarios.ReleaseWithCanarySnapshots();

    public static IEnumerable<TestCaseData> Arrivals()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 8; i++)
        {
            var shuffled = InOrder.ToArray();
            random.Shuffle(shuffled);
            yield return new TestCaseData((object)shuffled).SetArgDisplayNames($"permutation {i}");
        }
        yield return new TestCaseData((object)InOrder.Reverse().ToArray()).SetArgDisplayNames("reversed");
        for (var i = 0; i < 4; i++)
        {
            var repeated = InOrder.SelectMany(e => Enumerable.Repeat(e, random.Next(1, 4))).ToArray();
            random.Shuffle(repeated);
            yield return new TestCaseData((object)repeated).SetArgDisplayNames($"duplicated and shuffled {i}");
        }
    }

    [TestCaseSource(nameof(Arrivals))]
    public void Should_reach_the_same_state(object[] arrival) =>
        Assert.That(Json(Applied(arrival)), Is.EqualTo(Json(Applied(InOrder))));

    [TestCaseSource(nameof(Arrivals))]
    public void Should_build_the_same_tree(object[] arrival) =>
        Assert.That(Json(ExecutionTreeBuilder.Build(Applied(arrival))), Is.EqualTo(Json(ExecutionTreeBuilder.Build(Applied(InOrder)))));

    [Test]
    public void Should_reach_the_state_of_the_events_without_snapshots() =>
        // Snapshots add what other events also say, one step behind: the joined result is the same.
        Assert.That(Json(Applied(InOrder)), Is.EqualTo(Json(Applied(Scenarios.ReleaseWithCanary()))));

    [Test]
    public void Should_not_need_the_synthetic_stages_own_events()
    {
        // Echo drops a delivery that failed: here every event about a synthetic stage, and the pipeline's end, are lost.
        var synthetic = Scenarios.ReleaseStages.Where(s => s.ParentStageId is not null).Select(s => s.Id).ToHashSet();
        var received = InOrder.Where(e => e is not Contracts.Executions.V1.PipelineCompleted && !synthetic.Contains(OwnStageId(e) ?? "")).ToList();
        Assert.That(received, Has.Count.LessThan(InOrder.Count - synthetic.Count));
        var state = Applied(received);
        Assert.That(Json(state.Stages), Is.EqualTo(Json(Applied(InOrder).Stages)));
    }

    private static string? OwnStageId(object e) => e switch
    {
        StageStarted s => s.Stage.Id,
        StageCompleted s => s.Stage.Id,
        TaskStarted t => t.StageId,
        TaskCompleted t => t.StageId,
        _ => null,
    };

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}

public sealed class When_a_stage_event_was_stored_before_snapshots_were_carried
{
    [Test]
    public void Should_read_back_without_a_snapshot_and_apply_its_own_stage()
    {
        var stage = Stage("1", type: "deployManifest", status: "RUNNING", start: At(5));
        var json = JsonSerializer.SerializeToNode(StageStarted(stage, snapshot: [stage]), JsonSerializerOptions.Web)!.AsObject();
        json.Remove("stages");

        var stored = JsonSerializer.Deserialize<StageStarted>(json.ToJsonString(), JsonSerializerOptions.Web)!;
        Assert.Multiple(() =>
        {
            Assert.That(stored.Stages, Is.Null);
            Assert.That(stored.Stage, Is.EqualTo(stage).Using<StageInfo>((a, b) => a.Id == b.Id && a.Status == b.Status && a.StartTime == b.StartTime));
            Assert.That(Applied([stored]).Stages[Id("1")].Status, Is.EqualTo("RUNNING"));
        });
    }
}
