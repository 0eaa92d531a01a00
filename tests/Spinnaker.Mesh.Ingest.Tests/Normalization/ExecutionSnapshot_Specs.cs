using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_a_stage_event_carries_the_execution
{
    private StageStarted _started = null!;

    [SetUp]
    public void Normalize() => _started = Single<StageStarted>(CanaryIntervalStarting()).Record;

    [Test]
    public void Should_carry_the_other_stages_of_the_snapshot_with_their_tasks()
    {
        var stages = _started.Stages!;
        Assert.Multiple(() =>
        {
            Assert.That(stages.Select(s => s.Id), Is.EqualTo(new[] { CanaryStageId, CanaryIntervalsStageId }.Concat(CanaryRunStageIds.Take(3))));
            Assert.That(stages.Select(s => s.RefId), Is.EqualTo(new[] { "1", "1<1", "1<1<1", "1<1<2", "1<1<3" }));
            Assert.That(stages.Single(s => s.Id == CanaryIntervalsStageId).ParentStageId, Is.EqualTo(CanaryStageId));
            Assert.That(stages.Where(s => s.RefId!.StartsWith("1<1<", StringComparison.Ordinal)).Select(s => s.ParentStageId),
                Is.All.EqualTo(CanaryIntervalsStageId));
            Assert.That(stages.Single(s => s.Id == CanaryRunStageIds[1]).Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(stages.Single(s => s.Id == CanaryRunStageIds[1]).Tasks.Select(t => t.Name), Is.EqualTo(new[] { "runCanary", "monitorCanary" }));
        });
    }

    [Test]
    public void Should_carry_its_own_stage_once_as_the_stage() => Assert.Multiple(() =>
    {
        Assert.That(_started.Stage.Id, Is.EqualTo(CanaryRunStageIds[3]));
        Assert.That(_started.Stage.RefId, Is.EqualTo("1<1<4"));
        Assert.That(_started.Stage.ParentStageId, Is.EqualTo(CanaryIntervalsStageId));
        Assert.That(_started.Stage.Name, Is.EqualTo("Run Canary #2"));
        Assert.That(_started.Stage.Status, Is.EqualTo("RUNNING"));
        Assert.That(_started.Stage.Tasks.Select(t => t.Name), Is.EqualTo(new[] { "runCanary", "monitorCanary" }));
        Assert.That(_started.Stages!.Select(s => s.Id), Does.Not.Contain(_started.Stage.Id));
    });

    [Test]
    public void Should_keep_the_event_id_it_had_before_snapshots_were_carried()
    {
        var stage = _started.Stage;
        Assert.That(_started.EventId, Is.EqualTo(DeterministicEventId.From(Tenant, CanaryExecutionId, "stage-started", stage.Id, "RUNNING",
            DeterministicEventId.Ms(stage.StartTime))));
    }

    [Test]
    public void Should_carry_the_snapshot_on_task_events_too()
    {
        var task = Single<TaskStarted>(CanaryIntervalStarting(taskName: "runCanary")).Record;
        Assert.Multiple(() =>
        {
            Assert.That(task.StageId, Is.EqualTo(CanaryRunStageIds[3]));
            Assert.That(task.Task.Status, Is.EqualTo("RUNNING"));
            Assert.That(task.Stages!.Select(s => s.Id), Is.EqualTo(new[] { CanaryStageId, CanaryIntervalsStageId }.Concat(CanaryRunStageIds)),
                "a task event's own stage, with its other tasks, is only in the snapshot");
            Assert.That(task.EventId, Is.EqualTo(DeterministicEventId.From(Tenant, CanaryExecutionId, "task-started", CanaryRunStageIds[3], "1", "RUNNING",
                DeterministicEventId.Ms(task.Task.StartTime))));
        });
    }

    [Test]
    public void Should_carry_the_snapshot_on_stage_end_events_beside_the_judgment()
    {
        var events = Events(ManualJudgmentDecided());
        Assert.Multiple(() =>
        {
            Assert.That(One<StageCompleted>(events).Stages!.Select(s => s.Type), Is.EqualTo(new[] { "pipeline" }));
            Assert.That(((IExecutionEvent)One<ManualJudgmentResolved>(events)).Stages, Is.Null, "the stage end beside it carries the snapshot");
        });
    }

    [Test]
    public void Should_carry_an_empty_snapshot_when_the_payload_has_no_execution() => Assert.Multiple(() =>
    {
        Assert.That(Single<StageCompleted>(LegacyStageCompleted()).Record.Stages, Is.Empty);
        Assert.That(Single<TaskCompleted>(LegacyTaskCompleted()).Record.Stages, Is.Empty);
    });
}

public sealed class When_a_consumer_reads_the_shared_shape
{
    public static IEnumerable<TestCaseData> ExecutionPayloads()
    {
        yield return new TestCaseData(PipelineStarting()).SetArgDisplayNames("pipeline starting");
        yield return new TestCaseData(StageStarting()).SetArgDisplayNames("stage starting");
        yield return new TestCaseData(TaskStarting()).SetArgDisplayNames("task starting");
        yield return new TestCaseData(EchoPayloads.TaskCompleted()).SetArgDisplayNames("task complete");
        yield return new TestCaseData(EchoPayloads.StageCompleted()).SetArgDisplayNames("stage complete");
        yield return new TestCaseData(ManualJudgmentDecided()).SetArgDisplayNames("manual judgment");
        yield return new TestCaseData(EchoPayloads.PipelineCompleted()).SetArgDisplayNames("pipeline complete");
        yield return new TestCaseData(Orchestration("RUNNING")).SetArgDisplayNames("orchestration starting");
        yield return new TestCaseData(Orchestration()).SetArgDisplayNames("orchestration complete");
    }

    [TestCaseSource(nameof(ExecutionPayloads))]
    public void Should_find_the_id_time_and_execution_of_every_execution_event(string payload)
    {
        var events = Events(payload);
        Assert.That(events.Select(e => e.Event), Has.All.InstanceOf<IExecutionEvent>());
        Assert.Multiple(() =>
        {
            foreach (var normalized in events)
            {
                var shared = (IExecutionEvent)normalized.Event;
                Assert.That(shared.EventId, Is.EqualTo(normalized.EventId));
                Assert.That(shared.OccurredAt, Is.EqualTo(normalized.OccurredAt));
                Assert.That(shared.Execution.ExecutionId, Is.EqualTo(normalized.StreamId));
            }
        });
    }

    [Test]
    public void Should_not_be_implemented_by_events_that_are_not_about_an_execution() =>
        Assert.That(new[] { Build(), GitPush(), ManualTrigger(), Other() }.SelectMany(payload => Events(payload)).Select(e => e.Event),
            Has.None.InstanceOf<IExecutionEvent>());
}
