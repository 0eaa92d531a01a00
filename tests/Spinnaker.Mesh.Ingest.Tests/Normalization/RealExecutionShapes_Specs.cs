using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Testing;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_a_webhook_stage_fails
{
    [Test]
    public void Should_keep_the_message_of_the_failed_request()
    {
        var stage = Single<StageCompleted>(WebhookStageFailed(statusCode: 404)).Record.Stage;
        Assert.Multiple(() =>
        {
            Assert.That(stage.Type, Is.EqualTo("webhook"));
            Assert.That(stage.Status, Is.EqualTo("TERMINAL"));
            Assert.That(stage.Errors, Is.EqualTo(new[] { WebhookError(statusCode: 404) }));
        });
    }

    [Test]
    public void Should_keep_the_message_of_the_failed_monitoring()
    {
        const string message = "Unable to parse status: JSON property '$.state' not found in response body";
        var stage = Single<StageCompleted>(WebhookStageFailed(monitorError: message)).Record.Stage;
        Assert.That(stage.Errors, Is.EqualTo(new[] { message }));
    }

    [Test]
    public void Should_keep_it_in_the_snapshot_other_events_carry()
    {
        var taskFailed = Change(WebhookStageFailed(), root =>
        {
            root.Details()["type"] = "orca:task:failed";
            root.Content()["taskName"] = "webhook.createWebhook";
        });
        var stages = Single<TaskCompleted>(taskFailed).Record.Stages!;
        Assert.That(stages.Single(s => s.Id == WebhookStageId).Errors, Is.EqualTo(new[] { WebhookError() }));
    }
}

public sealed class When_Orca_puts_an_error_elsewhere_in_the_context
{
    private static StageInfo Failed(Action<JsonObject> change) =>
        Single<StageCompleted>(Change(EchoPayloads.StageCompleted(status: "TERMINAL"), root =>
            change(root.Execution()["stages"]![0]!.AsObject()))).Record.Stage;

    [Test]
    public void Should_read_an_error_string_or_object() => Assert.Multiple(() =>
    {
        // orca-keel ImportDeliveryConfigTask: {error: "..."} after retries, {error: {message}} otherwise.
        Assert.That(Failed(stage => stage["context"]!["error"] = "Maximum number of retries exceeded (5).").Errors,
            Is.EqualTo(new[] { "Maximum number of retries exceeded (5)." }));
        Assert.That(Failed(stage => stage["context"]!["error"] = new JsonObject { ["message"] = "delivery config not found" }).Errors,
            Is.EqualTo(new[] { "delivery config not found" }));
    });

    [Test]
    public void Should_read_a_list_of_errors() =>
        Assert.That(Failed(stage => stage["context"]!["errors"] = new JsonArray("quota exceeded", new JsonObject { ["message"] = "image not found" })).Errors,
            Is.EqualTo(new[] { "quota exceeded", "image not found" }));

    [Test]
    public void Should_read_a_failure_message_from_the_outputs() =>
        // Lambda and Cloud Foundry tasks write it to the stage outputs.
        Assert.That(Failed(stage => stage["outputs"]!["failureMessage"] = "Lambda Invocation returned failure").Errors,
            Is.EqualTo(new[] { "Lambda Invocation returned failure" }));

    [Test]
    public void Should_not_take_flags_for_messages() =>
        Assert.That(Failed(stage => stage["context"]!["error"] = false).Errors, Is.Empty);

    [Test]
    public void Should_drop_the_task_headers_of_a_stage_that_failed_and_continued()
    {
        // CompleteStageHandler appends "<task>:" and the task's errors to exception.details.errors on FAILED_CONTINUE.
        var stage = Failed(stage => stage["context"]!["exception"] = new JsonObject
        {
            ["details"] = new JsonObject { ["errors"] = new JsonArray("monitorDeploy:", "Manifest checkout-api failed to stabilize") },
        });
        Assert.That(stage.Errors, Is.EqualTo(new[] { "Manifest checkout-api failed to stabilize" }));
    }
}

public sealed class When_Orca_writes_a_stage_by_its_id
{
    [Test]
    public void Should_resolve_it_from_where_it_was_written_in_full()
    {
        var wait = Single<PipelineCompleted>(WithStagesByReference(EchoPayloads.PipelineCompleted())).Record.Stages.Single(s => s.Id == WaitStageId);
        Assert.Multiple(() =>
        {
            Assert.That(wait.RefId, Is.EqualTo("2"));
            Assert.That(wait.Type, Is.EqualTo("wait"));
            Assert.That(wait.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(wait.RequisiteStageRefIds, Is.EqualTo(new[] { "1" }));
        });
    }

    [Test]
    public void Should_list_a_repeated_stage_once_and_skip_an_id_written_nowhere() => Assert.Multiple(() =>
    {
        Assert.That(Single<PipelineCompleted>(WithStagesByReference(EchoPayloads.PipelineCompleted())).Record.Stages.Select(s => s.Id),
            Is.EqualTo(new[] { DeployStageId, WaitStageId }));
        Assert.That(Single<TaskCompleted>(WithStagesByReference(EchoPayloads.TaskCompleted())).Record.Stages!.Select(s => s.Id),
            Is.EqualTo(new[] { DeployStageId, WaitStageId }));
    });

    [Test]
    public void Should_keep_a_stage_event_s_own_stage_and_id()
    {
        var completed = Single<StageCompleted>(WithStagesByReference(EchoPayloads.StageCompleted())).Record;
        Assert.Multiple(() =>
        {
            Assert.That(completed.Stage.Id, Is.EqualTo(DeployStageId));
            Assert.That(completed.Stage.RefId, Is.EqualTo("1"));
            Assert.That(completed.Stages!.Select(s => s.Id), Is.EqualTo(new[] { WaitStageId }));
            Assert.That(completed.EventId, Is.EqualTo(Single<StageCompleted>(EchoPayloads.StageCompleted()).Record.EventId));
        });
    }

    [Test]
    public void Should_find_the_stage_a_task_event_is_about_by_its_id()
    {
        var byReference = Change(EchoPayloads.TaskCompleted(taskIndex: 5), root =>
        {
            var stages = root.Execution()["stages"]!.AsArray();
            root.Content()["context"]!["deployStage"] = stages[0]!.DeepClone();
            stages[0] = DeployStageId;
        });
        var completed = Single<TaskCompleted>(byReference).Record;
        Assert.Multiple(() =>
        {
            Assert.That(completed.Task.Id, Is.EqualTo("5"), "found among the resolved stage's tasks");
            Assert.That(completed.Task.EndTime, Is.EqualTo(At(DeployTaskEnd(5))));
            Assert.That(completed.Stages!.Select(s => s.Id), Is.EqualTo(new[] { DeployStageId, WaitStageId }));
        });
    }

    [Test]
    public void Should_not_take_a_task_with_that_id_for_the_stage()
    {
        var taskIdOnly = Change(EchoPayloads.PipelineCompleted(), root => root.Execution()["stages"]!.AsArray().Add("1"));
        Assert.That(Single<PipelineCompleted>(taskIdOnly).Record.Stages.Select(s => s.Id), Is.EqualTo(new[] { DeployStageId, WaitStageId }));
    }
}

public sealed class When_a_context_is_an_empty_array
{
    [Test]
    public void Should_read_the_stages_as_having_an_empty_context()
    {
        var started = Single<StageStarted>(StageStartingWithEmptyContexts()).Record;
        Assert.Multiple(() =>
        {
            Assert.That(started.Stage.Id, Is.EqualTo(DeployStageId));
            Assert.That(started.Stage.Type, Is.EqualTo("deployManifest"));
            Assert.That(started.Stage.Account, Is.Null);
            Assert.That(started.Stage.Errors, Is.Empty);
            Assert.That(started.Stage.Tasks, Has.Count.EqualTo(9));
            Assert.That(started.Stages!.Select(s => s.Id), Is.EqualTo(new[] { WaitStageId }));
        });
    }

    [Test]
    public void Should_read_a_payload_without_the_execution_too()
    {
        var legacy = Change(LegacyStageCompleted(), root => root.Content()["context"] = new JsonArray());
        Assert.That(Single<StageCompleted>(legacy).Record.Stage.CloudProvider, Is.Null);
    }
}

public sealed class When_an_execution_has_no_type_or_name
{
    [Test]
    public void Should_read_an_old_pipeline_as_a_pipeline_without_a_name()
    {
        var completed = Single<PipelineCompleted>(WithoutExecutionTypeAndName(EchoPayloads.PipelineCompleted())).Record;
        Assert.Multiple(() =>
        {
            Assert.That(completed.Execution.ExecutionType, Is.EqualTo("PIPELINE"));
            Assert.That(completed.Execution.PipelineName, Is.Null);
            Assert.That(completed.Stages, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Should_read_an_orchestration_from_its_event_type() =>
        Assert.That(Single<OrchestrationCompleted>(WithoutExecutionTypeAndName(Orchestration())).Record.Execution,
            Has.Property(nameof(ExecutionInfo.ExecutionType)).EqualTo("ORCHESTRATION").And.Property(nameof(ExecutionInfo.PipelineName)).Null);

    [Test]
    public void Should_read_a_stage_of_an_orchestration_from_standalone()
    {
        var stageOfOrchestration = Change(WithoutExecutionTypeAndName(StageStarting()), root => root.Content()["standalone"] = true);
        Assert.Multiple(() =>
        {
            Assert.That(Single<StageStarted>(stageOfOrchestration).Record.Execution.ExecutionType, Is.EqualTo("ORCHESTRATION"));
            Assert.That(Single<StageStarted>(WithoutExecutionTypeAndName(StageStarting())).Record.Execution.ExecutionType, Is.EqualTo("PIPELINE"));
        });
    }
}
