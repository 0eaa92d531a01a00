using Spinnaker.Mesh.Testing;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Ingest.Normalization;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_an_event_cannot_be_normalized
{
    public static IEnumerable<TestCaseData> Rejections()
    {
        yield return Case("[]", "the Echo event must be a JSON object, found an array");
        yield return Case("\"orca:pipeline:starting\"", "the Echo event must be a JSON object, found a string");
        yield return Case("{}", "details is missing");
        yield return Case("""{"details": null, "content": {}}""", "details is missing");
        yield return Case("""{"details": [1], "content": {}}""", "details must be an object, found an array");
        yield return Case("""{"details": "not json", "content": {}}""", "details must be an object, found a string");
        yield return Case("""{"details": {"source": "orca"}, "content": {}}""", "details.type is missing");
        yield return Case("""{"details": {"type": null}, "content": {}}""", "details.type is missing");
        yield return Case("""{"details": {"type": 42}, "content": {}}""", "details.type must be a string, found a number");
        yield return Case("""{"details": {"type": "  "}, "content": {}}""", "details.type is empty");
        yield return Case("""{"details": {"type": "orca:stage:complete"}}""", "orca:stage:complete without content");
        yield return Case(
            Change(EchoPayloads.PipelineCompleted(), root => root["content"] = new JsonArray()),
            "content of orca:pipeline:complete must be an object, found an array");
        yield return Case(
            Change(EchoPayloads.PipelineCompleted(), root =>
            {
                root.Content().Remove("executionId");
                root.Execution().Remove("id");
            }),
            "orca:pipeline:complete without an execution id (neither content.executionId nor content.execution.id)");
        yield return Case(
            """{"details": {"type": "orca:task:starting"}, "content": {"stageId": "s1", "taskName": "wait.wait"}}""",
            "orca:task:starting without an execution id (neither content.executionId nor content.execution.id)");
        yield return Case(
            Change(EchoPayloads.PipelineCompleted(), root => root.Content()["execution"] = "{}"),
            "content.execution of orca:pipeline:complete must be an object, found a string");
        yield return Case(
            Change(EchoPayloads.PipelineCompleted(), root => root.Execution()["stages"] = new JsonObject()),
            "content.execution.stages of orca:pipeline:complete must be an array, found an object");
        yield return Case(
            Change(EchoPayloads.StageCompleted(), root => root.Content().Remove("stageId")),
            "orca:stage:complete without content.stageId");
        yield return Case(
            Change(LegacyStageCompleted(), root => root.Content().Remove("startTime")),
            "orca:stage:complete without content.stageId (and no content.startTime to identify the stage)");
        yield return Case(
            Change(EchoPayloads.TaskCompleted(), root => root.Content().Remove("stageId")),
            "orca:task:complete without content.stageId");
        yield return Case(
            Change(EchoPayloads.TaskCompleted(), root => root.Content().Remove("taskName")),
            "orca:task:complete without content.taskName");
    }

    [TestCaseSource(nameof(Rejections))]
    public void Should_reject_it_with_a_clear_reason(string payload, string reason)
    {
        var result = Normalizing.Of(payload);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsRejected, Is.True);
            Assert.That(result.Rejection, Is.EqualTo(reason));
            Assert.That(result.Events, Is.Empty);
        });
    }

    private static TestCaseData Case(string payload, string reason) => new TestCaseData(payload, reason).SetArgDisplayNames(reason);
}

public sealed class When_validating_the_shape_of_an_event
{
    private readonly EchoEventValidator _validator = new();

    [Test]
    public void Should_accept_a_well_formed_Orca_event() =>
        Assert.That(_validator.Validate(EchoEvent.Read(Parse(EchoPayloads.StageCompleted()))).IsValid, Is.True);

    [Test]
    public void Should_report_only_the_first_problem()
    {
        var result = _validator.Validate(EchoEvent.Read(Parse("""{"details": {"type": 1}}""")));
        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { "details.type must be a string, found a number" }));
    }

    [Test]
    public void Should_not_require_content_of_events_that_are_not_about_an_execution()
    {
        var result = Normalizing.Of("""{"details": {"type": "pubsub", "created": "1715698800000"}, "eventId": "e1"}""");
        Assert.That(result.IsRejected, Is.False, result.Rejection);
    }

    [Test]
    public void Should_not_reject_a_stage_event_without_the_execution_when_its_start_identifies_the_stage() =>
        Assert.That(Normalizing.Of(LegacyStageCompleted()).IsRejected, Is.False);

    [Test]
    public void Should_accept_numbers_as_strings_and_nulls_everywhere()
    {
        var lenient = Change(EchoPayloads.StageCompleted(), root =>
        {
            var stage = root.Execution()["stages"]![0]!.AsObject();
            stage["startTime"] = (T0 + 300).ToString(System.Globalization.CultureInfo.InvariantCulture);
            stage["endTime"] = T0 + 39_035.0;
            stage["requisiteStageRefIds"] = null;
            stage["tasks"] = null;
            stage["context"] = null;
            root.Execution()["trigger"] = null;
            root.Execution()["canceled"] = null;
        });
        var completed = One<Contracts.Executions.V1.StageCompleted>(Events(lenient));
        Assert.Multiple(() =>
        {
            Assert.That(completed.Stage.StartTime, Is.EqualTo(At(T0 + 300)));
            Assert.That(completed.Stage.EndTime, Is.EqualTo(At(T0 + 39_035)));
            Assert.That(completed.Stage.RequisiteStageRefIds, Is.Empty);
            Assert.That(completed.Stage.Tasks, Is.Empty);
            Assert.That(completed.Stage.Account, Is.Null);
            Assert.That(completed.Execution.Trigger, Is.Null);
        });
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
