using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Domain;
using static Spinnaker.Mesh.ExecutionTree.Tests.Domain.ExecutionEvents;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_events_arrive_in_any_order_and_repeat
{
    private const int Seed = 20250514;
    private static readonly IReadOnlyList<object> InOrder = Scenarios.ReleaseWithCanary();

    public static IEnumerable<TestCaseData> Arrivals()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 8; i++)
        {
            var shuffled = InOrder.ToArray();
            random.Shuffle(shuffled);
            yield return new TestCaseData((object)shuffled).SetArgDisplayNames($"permutation {i}");
        }
        var reversed = InOrder.Reverse().ToArray();
        yield return new TestCaseData((object)reversed).SetArgDisplayNames("reversed");
        for (var i = 0; i < 4; i++)
        {
            // Each event delivered one to three times, in a shuffled order.
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
    public void Should_end_with_the_completed_snapshot_s_view()
    {
        var state = Applied(InOrder);
        Assert.Multiple(() =>
        {
            Assert.That(state.Execution!.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(state.Execution.EndTime, Is.EqualTo(At(500)));
            Assert.That(state.Stages, Has.Count.EqualTo(10));
            Assert.That(state.Stages.Values.Select(s => s.Status), Is.All.EqualTo("SUCCEEDED"));
            Assert.That(state.Stages[Id("5")].Tasks.Select(t => (t.Id, t.Status)), Is.EqualTo(new[] { ("1", "SUCCEEDED"), ("2", "SUCCEEDED") }));
            Assert.That(state.Stages[Id("3")].Judgment, Is.EqualTo(new JudgmentInfo("continue", null, "bob", At(119))));
        });
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}

public sealed class When_a_later_observation_lacks_what_an_earlier_one_had
{
    [Test]
    public void Should_keep_the_refId_and_links_of_the_snapshot_under_the_completed_status()
    {
        var planned = Stage("2", ["1"], "deployManifest");
        // A stage event from a payload without the execution: no refId, no requisites (ingest's FromContent).
        var completed = Stage("2", type: "deployManifest", status: "SUCCEEDED", start: At(10), end: At(20)) with { RefId = null };

        foreach (var order in new[] { new object[] { PipelineStarted(Execution(), planned), StageCompleted(completed) }, [StageCompleted(completed), PipelineStarted(Execution(), planned)] })
        {
            var stage = Applied(order).Stages[Id("2")];
            Assert.Multiple(() =>
            {
                Assert.That(stage.Status, Is.EqualTo("SUCCEEDED"));
                Assert.That(stage.EndTime, Is.EqualTo(At(20)));
                Assert.That(stage.RefId, Is.EqualTo("2"));
                Assert.That(stage.RequisiteStageRefIds, Is.EqualTo(new[] { "1" }));
            });
        }
    }

    [Test]
    public void Should_keep_who_canceled_when_a_repeated_cancel_event_is_stale()
    {
        // Orca's first cancel event has the status but a stale flag, canceler and end (echo.md §6).
        var early = Execution("CANCELED") with { Canceled = false };
        var late = Execution("CANCELED", end: At(90)) with { Canceled = true, CanceledBy = "carol", CancellationReason = "wrong build" };
        var one = Applied([PipelineCompleted(early), PipelineCompleted(late)]).Execution;
        var other = Applied([PipelineCompleted(late), PipelineCompleted(early)]).Execution;
        Assert.Multiple(() =>
        {
            Assert.That(one, Is.EqualTo(other));
            Assert.That(one!.EndTime, Is.EqualTo(At(90)));
            Assert.That(one.Canceled, Is.True);
            Assert.That(one.CanceledBy, Is.EqualTo("carol"));
        });
    }
}

public sealed class When_a_task_event_arrives_before_anything_about_its_stage
{
    private static readonly StageInfo Deploy = Stage("1", type: "deployManifest", status: "RUNNING", start: At(0));
    private static readonly TaskInfo Running = Task("1", "deployManifest", "RUNNING", At(1));

    [Test]
    public void Should_show_the_stage_running_with_the_task()
    {
        var stage = Applied([TaskStarted(Deploy, Running)]).Stages[Id("1")];
        Assert.Multiple(() =>
        {
            Assert.That(stage.Status, Is.EqualTo("RUNNING"));
            Assert.That(stage.Type, Is.EqualTo("deployManifest"));
            Assert.That(stage.Tasks.Single().Name, Is.EqualTo("deployManifest"));
        });
    }

    [Test]
    public void Should_keep_the_task_once_the_stage_events_arrive()
    {
        var stage = Applied([TaskCompleted(Deploy, Running with { Status = "SUCCEEDED", EndTime = At(5) }), StageStarted(Deploy)]).Stages[Id("1")];
        Assert.Multiple(() =>
        {
            Assert.That(stage.StartTime, Is.EqualTo(At(0)));
            Assert.That(stage.RefId, Is.EqualTo("1"));
            Assert.That(stage.Tasks.Single().Status, Is.EqualTo("SUCCEEDED"));
        });
    }

    [Test]
    public void Should_not_let_a_task_start_override_its_completion()
    {
        var completed = Running with { Status = "SUCCEEDED", EndTime = At(5) };
        var stage = Applied([TaskCompleted(Deploy, completed), TaskStarted(Deploy, Running)]).Stages[Id("1")];
        Assert.That(stage.Tasks.Single(), Is.EqualTo(completed));
    }
}

public sealed class When_a_stage_observation_is_older
{
    [Test]
    public void Should_not_move_a_completed_stage_back_to_running()
    {
        var running = Stage("1", status: "RUNNING", start: At(0));
        var done = running with { Status = "SUCCEEDED", EndTime = At(30) };
        var stage = Applied([StageCompleted(done), StageStarted(running)]).Stages[Id("1")];
        Assert.That((stage.Status, stage.EndTime), Is.EqualTo(("SUCCEEDED", (DateTimeOffset?)At(30))));
    }

    [Test]
    public void Should_take_the_restarted_run_once_it_ends_later()
    {
        var failed = Stage("1", status: "TERMINAL", start: At(0), end: At(30), errors: ["boom"]);
        var rerun = Stage("1", status: "SUCCEEDED", start: At(100), end: At(130));
        var stage = Applied([StageCompleted(rerun), StageCompleted(failed)]).Stages[Id("1")];
        Assert.Multiple(() =>
        {
            Assert.That(stage.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(stage.StartTime, Is.EqualTo(At(100)));
            Assert.That(stage.Errors, Is.Empty);
        });
    }
}

public sealed class When_a_manual_judgment_is_resolved
{
    [Test]
    public void Should_record_the_decision_on_the_stage()
    {
        var judgment = Stage("2", ["1"], "manualJudgment", "SUCCEEDED", At(0), At(40));
        var decision = new JudgmentInfo("continue", "ship it", "bob", At(39));
        var state = Applied([PipelineStarted(Execution(), Stage("2", ["1"], "manualJudgment")), JudgmentResolved(judgment, decision)]);
        Assert.That(state.Stages[Id("2")].Judgment, Is.EqualTo(decision));
    }
}

public sealed class When_an_event_is_not_about_an_execution_s_tree
{
    [Test]
    public void Should_leave_the_state_as_it_was()
    {
        var state = Applied([PipelineStarted(Execution(), Stage("1"))]);
        var other = new GitPushObserved(Guid.NewGuid(), T0, Tenant, "github", "acme", "shop", "main", "abc123", "push");
        Assert.That(state.Apply(other), Is.SameAs(state));
    }
}

public sealed class When_the_state_is_stored_as_json
{
    private static readonly JsonSerializerOptions Web = JsonSerializerOptions.Web;

    [Test]
    public void Should_read_back_what_was_written()
    {
        var state = Applied(Scenarios.ReleaseWithCanary());
        var json = JsonSerializer.Serialize(state, Web);
        var read = JsonSerializer.Deserialize<ExecutionState>(json, Web)!;
        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(read, Web), Is.EqualTo(json));
            Assert.That(read.Execution, Is.EqualTo(state.Execution));
            Assert.That(read.Stages.Keys, Is.EqualTo(state.Stages.Keys));
        });
    }

    [Test]
    public void Should_write_the_same_json_when_the_store_reordered_the_stages()
    {
        // jsonb keeps object keys in its own order: shorter keys first.
        var state = Applied(Scenarios.ReleaseWithCanary());
        var json = JsonSerializer.Serialize(state, Web);
        var node = JsonNode.Parse(json)!.AsObject();
        var stages = node["stages"]!.AsObject();
        var reordered = new JsonObject(stages.OrderBy(p => p.Key.Length).ThenByDescending(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        node["stages"] = reordered;

        var read = JsonSerializer.Deserialize<ExecutionState>(node.ToJsonString(), Web)!;
        Assert.That(JsonSerializer.Serialize(read, Web), Is.EqualTo(json));
    }

    [Test]
    public void Should_go_on_merging_after_being_read_back()
    {
        var events = Scenarios.ReleaseWithCanary();
        var half = events.Count / 2;
        var stored = JsonSerializer.Serialize(Applied(events.Take(half)), Web);
        var resumed = events.Skip(half).Aggregate(JsonSerializer.Deserialize<ExecutionState>(stored, Web)!, (s, e) => s.Apply(e));
        Assert.That(JsonSerializer.Serialize(resumed, Web), Is.EqualTo(JsonSerializer.Serialize(Applied(events), Web)));
    }
}
