using Spinnaker.Mesh.Testing;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Ingest.Normalization;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_computing_a_name_based_uuid
{
    [Test]
    public void Should_match_the_RFC_4122_version_5_algorithm() =>
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        Assert.That(Spinnaker.Mesh.EventSourcing.DeterministicId.NameBased(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"),
            Is.EqualTo(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d")));

    [Test]
    public void Should_be_a_version_5_uuid_in_Mesh_s_namespace()
    {
        var id = DeterministicEventId.From("acme", "01HX", "pipeline-started", "1715698800187");
        Assert.Multiple(() =>
        {
            Assert.That(id.Version, Is.EqualTo(5));
            Assert.That(id, Is.EqualTo(Spinnaker.Mesh.EventSourcing.DeterministicId.NameBased(DeterministicEventId.Namespace, "acme|01HX|pipeline-started|1715698800187")));
        });
    }

    [Test]
    public void Should_not_confuse_a_separator_inside_a_part_with_two_parts() =>
        Assert.That(DeterministicEventId.From("a|b", "c"), Is.Not.EqualTo(DeterministicEventId.From("a", "b|c")));
}

public sealed class When_the_same_event_arrives_twice
{
    public static IEnumerable<TestCaseData> Payloads()
    {
        yield return new TestCaseData(PipelineStarting()).SetArgDisplayNames("pipeline starting");
        yield return new TestCaseData(StageStarting()).SetArgDisplayNames("stage starting");
        yield return new TestCaseData(TaskStarting()).SetArgDisplayNames("task starting");
        yield return new TestCaseData(EchoPayloads.TaskCompleted()).SetArgDisplayNames("task complete");
        yield return new TestCaseData(EchoPayloads.StageCompleted()).SetArgDisplayNames("stage complete");
        yield return new TestCaseData(SyntheticDeployStageFailed()).SetArgDisplayNames("synthetic stage failed");
        yield return new TestCaseData(EchoPayloads.PipelineCompleted()).SetArgDisplayNames("pipeline complete");
        yield return new TestCaseData(PipelineFailedTerminal()).SetArgDisplayNames("pipeline failed");
        yield return new TestCaseData(PipelineCanceled()).SetArgDisplayNames("pipeline canceled");
        yield return new TestCaseData(ManualJudgmentDecided()).SetArgDisplayNames("manual judgment");
        yield return new TestCaseData(Orchestration()).SetArgDisplayNames("orchestration");
        yield return new TestCaseData(LegacyStageCompleted()).SetArgDisplayNames("legacy stage");
        yield return new TestCaseData(LegacyTaskCompleted()).SetArgDisplayNames("legacy task");
        yield return new TestCaseData(Build()).SetArgDisplayNames("build");
        yield return new TestCaseData(GitPush()).SetArgDisplayNames("git");
        yield return new TestCaseData(ManualTrigger()).SetArgDisplayNames("manual");
        yield return new TestCaseData(Other()).SetArgDisplayNames("other");
        yield return new TestCaseData(Other(eventId: null)).SetArgDisplayNames("other without eventId");
    }

    [TestCaseSource(nameof(Payloads))]
    public void Should_give_the_same_ids_from_another_receipt(string payload)
    {
        var first = EchoEventNormalizer.Normalize(Receipt(payload, receiptId: Guid.NewGuid(), receivedAt: DateTimeOffset.UnixEpoch));
        var second = EchoEventNormalizer.Normalize(Receipt(payload, receiptId: Guid.NewGuid(), receivedAt: DateTimeOffset.UtcNow));
        Assert.Multiple(() =>
        {
            Assert.That(first.IsRejected, Is.False, first.Rejection);
            Assert.That(second.Events.Select(e => e.EventId), Is.EqualTo(first.Events.Select(e => e.EventId)));
            Assert.That(second.Events.Select(e => e.OccurredAt), Is.EqualTo(first.Events.Select(e => e.OccurredAt)));
            Assert.That(first.Events.Select(e => e.EventId), Is.Unique);
        });
    }

    [TestCaseSource(nameof(Payloads))]
    public void Should_give_other_ids_to_another_tenant(string payload) =>
        Assert.That(Events(payload, "globex").Select(e => e.EventId).Intersect(Events(payload, "acme").Select(e => e.EventId)), Is.Empty);
}

public sealed class When_Orca_re_emits_an_event
{
    public static IEnumerable<TestCaseData> OrcaPayloads()
    {
        yield return new TestCaseData(PipelineStarting()).SetArgDisplayNames("pipeline starting");
        yield return new TestCaseData(StageStarting()).SetArgDisplayNames("stage starting");
        yield return new TestCaseData(EchoPayloads.TaskCompleted()).SetArgDisplayNames("task complete");
        yield return new TestCaseData(EchoPayloads.StageCompleted()).SetArgDisplayNames("stage complete");
        yield return new TestCaseData(ManualJudgmentDecided()).SetArgDisplayNames("manual judgment");
        yield return new TestCaseData(EchoPayloads.PipelineCompleted()).SetArgDisplayNames("pipeline complete");
    }

    [TestCaseSource(nameof(OrcaPayloads))]
    public void Should_ignore_Echo_s_new_eventId_and_created(string payload)
    {
        var reEmitted = Change(payload, root =>
        {
            root["eventId"] = Guid.NewGuid().ToString();
            root.Details()["created"] = (T0 + 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.That(Events(reEmitted).Select(e => e.EventId), Is.EqualTo(Events(payload).Select(e => e.EventId)));
    }
}

public sealed class When_observations_differ
{
    private static Guid IdOf<T>(string payload) where T : IExecutionEvent =>
        Events(payload).Select(e => e.Event).OfType<T>().Single().EventId;

    [Test]
    public void Should_give_another_id_to_another_stage_status() =>
        Assert.That(IdOf<StageCompleted>(EchoPayloads.StageCompleted(status: "TERMINAL")),
            Is.Not.EqualTo(IdOf<StageCompleted>(EchoPayloads.StageCompleted(status: "SUCCEEDED"))));

    [Test]
    public void Should_give_another_id_to_another_stage_end_time() =>
        Assert.That(IdOf<StageCompleted>(EchoPayloads.StageCompleted(endTime: T0 + 50_000)),
            Is.Not.EqualTo(IdOf<StageCompleted>(EchoPayloads.StageCompleted(endTime: T0 + 39_035))));

    [Test]
    public void Should_give_another_id_to_another_stage() =>
        Assert.That(IdOf<StageCompleted>(EchoPayloads.StageCompleted(stageId: "01HZB0K7QY0000000000000000")),
            Is.Not.EqualTo(IdOf<StageCompleted>(EchoPayloads.StageCompleted())));

    [Test]
    public void Should_give_another_id_to_a_restarted_stage() =>
        Assert.That(IdOf<StageStarted>(StageStarting(startTime: T0 + 900_000)), Is.Not.EqualTo(IdOf<StageStarted>(StageStarting())));

    [Test]
    public void Should_give_another_id_to_another_pipeline_status() =>
        Assert.That(IdOf<PipelineCompleted>(EchoPayloads.PipelineCompleted(status: "TERMINAL")),
            Is.Not.EqualTo(IdOf<PipelineCompleted>(EchoPayloads.PipelineCompleted(status: "SUCCEEDED"))));

    [Test]
    public void Should_give_another_id_to_another_pipeline_end_time() =>
        Assert.That(IdOf<PipelineCompleted>(EchoPayloads.PipelineCompleted(endTime: T0 + 80_000)),
            Is.Not.EqualTo(IdOf<PipelineCompleted>(EchoPayloads.PipelineCompleted())));

    [Test]
    public void Should_give_another_id_to_another_execution() =>
        Assert.That(IdOf<PipelineCompleted>(EchoPayloads.PipelineCompleted(executionId: "01HZB0K7QX0000000000000000")),
            Is.Not.EqualTo(IdOf<PipelineCompleted>(EchoPayloads.PipelineCompleted())));

    [Test]
    public void Should_give_another_id_to_another_task_status_or_end() => Assert.Multiple(() =>
    {
        var succeeded = IdOf<TaskCompleted>(EchoPayloads.TaskCompleted(status: "SUCCEEDED"));
        Assert.That(IdOf<TaskCompleted>(EchoPayloads.TaskCompleted(status: "TERMINAL")), Is.Not.EqualTo(succeeded));
        Assert.That(IdOf<TaskCompleted>(EchoPayloads.TaskCompleted(endTime: T0 + 25_000)), Is.Not.EqualTo(succeeded));
        Assert.That(IdOf<TaskCompleted>(EchoPayloads.TaskCompleted(taskIndex: 4)), Is.Not.EqualTo(succeeded));
    });

    [Test]
    public void Should_give_another_id_to_another_judgment() =>
        Assert.That(IdOf<ManualJudgmentResolved>(ManualJudgmentDecided("stop")),
            Is.Not.EqualTo(IdOf<ManualJudgmentResolved>(ManualJudgmentDecided("continue"))));
}
