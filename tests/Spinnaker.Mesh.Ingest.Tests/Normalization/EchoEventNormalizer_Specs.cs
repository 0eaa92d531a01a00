using Spinnaker.Mesh.Testing;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Ingest.Normalization;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_a_pipeline_starts
{
    private (NormalizedEvent Normalized, PipelineStarted Record) _started;

    [SetUp]
    public void Normalize() => _started = Single<PipelineStarted>(PipelineStarting());

    [Test]
    public void Should_produce_PipelineStarted_on_the_execution_stream() => Assert.Multiple(() =>
    {
        Assert.That(_started.Normalized.Alias, Is.EqualTo(IngestEventTypes.PipelineStarted));
        Assert.That(_started.Normalized.StreamId, Is.EqualTo(ExecutionId));
        Assert.That(_started.Normalized.StreamType, Is.EqualTo(StreamTypes.Execution));
        Assert.That(_started.Normalized.EventId, Is.EqualTo(_started.Record.EventId));
        Assert.That(_started.Normalized.OccurredAt, Is.EqualTo(_started.Record.OccurredAt));
    });

    [Test]
    public void Should_describe_the_execution()
    {
        var execution = _started.Record.Execution;
        Assert.Multiple(() =>
        {
            Assert.That(execution.Tenant, Is.EqualTo(Tenant));
            Assert.That(execution.Application, Is.EqualTo(Application));
            Assert.That(execution.ExecutionId, Is.EqualTo(ExecutionId));
            Assert.That(execution.ExecutionType, Is.EqualTo("PIPELINE"));
            Assert.That(execution.PipelineName, Is.EqualTo(PipelineName));
            Assert.That(execution.PipelineConfigId, Is.EqualTo(PipelineConfigId));
            Assert.That(execution.Status, Is.EqualTo("RUNNING"));
            Assert.That(execution.StartTime, Is.EqualTo(At(T0 + 190)));
            Assert.That(execution.EndTime, Is.Null);
            Assert.That(execution.Trigger! with { Parameters = null }, Is.EqualTo(new TriggerInfo("manual", Alice, null, null, null, null, null)));
            Assert.That(execution.Trigger!.Parameters, Is.EqualTo(new Dictionary<string, string> { ["imageTag"] = "1.8.2" }));
            Assert.That(execution.Template, Is.Null);
            Assert.That(execution.Canceled, Is.False);
        });
    }

    [Test]
    public void Should_list_the_planned_stages_not_started_and_without_tasks()
    {
        var stages = _started.Record.Stages;
        Assert.That(stages.Select(s => (s.Id, s.RefId, s.Type, s.Status)), Is.EqualTo(new[]
        {
            (DeployStageId, (string?)"1", (string?)"deployManifest", "NOT_STARTED"),
            (WaitStageId, "2", "wait", "NOT_STARTED"),
        }));
        Assert.Multiple(() =>
        {
            Assert.That(stages.All(s => s.Tasks.Count == 0 && s.StartTime is null), Is.True);
            Assert.That(stages[1].RequisiteStageRefIds, Is.EqualTo(new[] { "1" }));
            Assert.That(stages[0].Account, Is.EqualTo("staging-k8s"));
            Assert.That(stages[0].CloudProvider, Is.EqualTo("kubernetes"));
        });
    }

    [Test]
    public void Should_occur_at_the_execution_start() => Assert.That(_started.Record.OccurredAt, Is.EqualTo(At(T0 + 190)));
}

public sealed class When_a_stage_starts
{
    [Test]
    public void Should_produce_StageStarted_for_the_stage_found_in_the_execution()
    {
        var (normalized, started) = Single<StageStarted>(StageStarting());
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.StageStarted));
            Assert.That(normalized.StreamId, Is.EqualTo(ExecutionId));
            Assert.That(started.Stage.Id, Is.EqualTo(DeployStageId));
            Assert.That(started.Stage.RefId, Is.EqualTo("1"));
            Assert.That(started.Stage.Type, Is.EqualTo("deployManifest"));
            Assert.That(started.Stage.Name, Is.EqualTo("Deploy (Manifest)"));
            Assert.That(started.Stage.Status, Is.EqualTo("RUNNING"));
            Assert.That(started.Stage.StartTime, Is.EqualTo(At(T0 + 300)));
            Assert.That(started.Stage.EndTime, Is.Null);
            Assert.That(started.Stage.Tasks, Has.Count.EqualTo(9));
            Assert.That(started.Stage.Tasks.All(t => t.Status == "NOT_STARTED"), Is.True);
            Assert.That(started.Execution.Status, Is.EqualTo("RUNNING"));
        });
    }

    [Test]
    public void Should_occur_at_the_stage_start() =>
        Assert.That(Single<StageStarted>(StageStarting(startTime: T0 + 777)).Record.OccurredAt, Is.EqualTo(At(T0 + 777)));
}

public sealed class When_a_task_starts
{
    [Test]
    public void Should_produce_TaskStarted_for_the_running_task()
    {
        var (normalized, started) = Single<TaskStarted>(TaskStarting(taskIndex: 5));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.TaskStarted));
            Assert.That(normalized.StreamId, Is.EqualTo(ExecutionId));
            Assert.That(started.StageId, Is.EqualTo(DeployStageId));
            Assert.That(started.StageType, Is.EqualTo("deployManifest"));
            Assert.That(started.Task.Id, Is.EqualTo("5"));
            Assert.That(started.Task.Name, Is.EqualTo("waitForManifestToStabilize"));
            Assert.That(started.Task.Status, Is.EqualTo("RUNNING"));
            Assert.That(started.OccurredAt, Is.EqualTo(At(DeployTaskStart(5))));
        });
    }
}

public sealed class When_a_task_completes
{
    [Test]
    public void Should_produce_TaskCompleted_at_the_task_end()
    {
        var (normalized, completed) = Single<TaskCompleted>(TaskCompleted(taskIndex: 5));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.TaskCompleted));
            Assert.That(completed.StageId, Is.EqualTo(DeployStageId));
            Assert.That(completed.StageType, Is.EqualTo("deployManifest"));
            Assert.That(completed.Task, Is.EqualTo(new TaskInfo("5", "waitForManifestToStabilize", "SUCCEEDED",
                At(DeployTaskStart(5)), At(DeployTaskEnd(5)), null)));
            Assert.That(completed.OccurredAt, Is.EqualTo(At(DeployTaskEnd(5))));
        });
    }

    [TestCase(4, "4")]
    [TestCase(8, "8")]
    public void Should_pick_the_finished_one_of_two_tasks_with_the_same_name(int index, string expectedId)
    {
        var completed = Single<TaskCompleted>(TaskCompleted(taskIndex: index)).Record;
        Assert.Multiple(() =>
        {
            Assert.That(completed.Task.Name, Is.EqualTo("promoteOutputs"));
            Assert.That(completed.Task.Id, Is.EqualTo(expectedId));
        });
    }

    [Test]
    public void Should_keep_the_status_of_a_failed_task() =>
        Assert.That(Single<TaskCompleted>(TaskCompleted(taskIndex: 2, status: "TERMINAL")).Record.Task.Status, Is.EqualTo("TERMINAL"));
}

public sealed class When_a_Kubernetes_deploy_stage_completes
{
    private IReadOnlyList<NormalizedEvent> _events = [];

    [SetUp]
    public void Normalize() => _events = Events(StageCompleted());

    [Test]
    public void Should_produce_only_StageCompleted() =>
        Assert.That(_events.Select(e => e.Alias), Is.EqualTo(new[] { IngestEventTypes.StageCompleted }));

    [Test]
    public void Should_describe_the_succeeded_stage()
    {
        var stage = One<StageCompleted>(_events).Stage;
        Assert.Multiple(() =>
        {
            Assert.That(stage.Id, Is.EqualTo(DeployStageId));
            Assert.That(stage.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(stage.StartTime, Is.EqualTo(At(T0 + 300)));
            Assert.That(stage.EndTime, Is.EqualTo(At(T0 + 39_035)));
            Assert.That(stage.CloudProvider, Is.EqualTo("kubernetes"));
            Assert.That(stage.Account, Is.EqualTo("staging-k8s"));
            Assert.That(stage.Regions, Is.Empty);
            Assert.That(stage.ServerGroup, Is.Null);
            Assert.That(stage.Errors, Is.Empty, "successful kato tasks are no errors");
            Assert.That(stage.Tasks.Select(t => t.Status).Distinct(), Is.EqualTo(new[] { "SUCCEEDED" }));
            Assert.That(stage.Judgment, Is.Null);
        });
    }

    [Test]
    public void Should_occur_at_the_stage_end() => Assert.That(_events[0].OccurredAt, Is.EqualTo(At(T0 + 39_035)));

    [TestCase("SKIPPED")]
    [TestCase("STOPPED")]
    [TestCase("FAILED_CONTINUE")]
    public void Should_keep_other_end_statuses(string status) =>
        Assert.That(One<StageCompleted>(Events(StageCompleted(status: status))).Stage.Status, Is.EqualTo(status));

    [Test]
    public void Should_take_the_status_from_the_event_type_when_the_execution_is_stale()
    {
        var stale = Change(StageCompleted(status: "SUCCEEDED"), root =>
            root.Execution()["stages"]![0]!["status"] = "RUNNING");
        Assert.That(One<StageCompleted>(Events(stale)).Stage.Status, Is.EqualTo("SUCCEEDED"));
    }

    [Test]
    public void Should_report_a_failed_Clouddriver_operation_from_its_kato_task()
    {
        var failed = Change(StageCompleted(status: "TERMINAL"), root =>
        {
            var kato = root.Execution()["stages"]![0]!["context"]!["kato.tasks"]![0]!;
            kato["status"]!["failed"] = true;
            kato["history"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["phase"] = "DEPLOY", ["status"] = "Quota exceeded for namespace checkout-staging" });
        });
        var withException = Change(StageCompleted(status: "TERMINAL"), root =>
            root.Execution()["stages"]![0]!["context"]!["kato.tasks"]![1]!["exception"] = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "EXCEPTION", ["operation"] = "cleanup", ["cause"] = "KubernetesOperationException", ["message"] = "forbidden: cannot delete",
            });
        Assert.Multiple(() =>
        {
            Assert.That(One<StageCompleted>(Events(failed)).Stage.Errors, Is.EqualTo(new[] { "Quota exceeded for namespace checkout-staging" }));
            Assert.That(One<StageCompleted>(Events(withException)).Stage.Errors, Is.EqualTo(new[] { "forbidden: cannot delete" }));
        });
    }

    [Test]
    public void Should_report_an_unstable_manifest_from_its_exception_errors()
    {
        var unstable = Change(StageCompleted(status: "TERMINAL"), root =>
            root.Execution()["stages"]![0]!["context"]!["exception"] = new System.Text.Json.Nodes.JsonObject
            {
                ["details"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["errors"] = new System.Text.Json.Nodes.JsonArray("'deployment checkout-api' in 'checkout-staging': Deployment exceeded its progress deadline"),
                },
            });
        Assert.That(One<StageCompleted>(Events(unstable)).Stage.Errors,
            Is.EqualTo(new[] { "'deployment checkout-api' in 'checkout-staging': Deployment exceeded its progress deadline" }));
    }
}

public sealed class When_a_synthetic_deploy_child_fails
{
    private StageCompleted _completed = null!;

    [SetUp]
    public void Normalize() => _completed = Single<StageCompleted>(SyntheticDeployStageFailed()).Record;

    [Test]
    public void Should_describe_the_synthetic_stage() => Assert.Multiple(() =>
    {
        Assert.That(_completed.Stage.Id, Is.EqualTo(CreateServerGroupStageId));
        Assert.That(_completed.Stage.RefId, Is.EqualTo("1<1"));
        Assert.That(_completed.Stage.ParentStageId, Is.EqualTo(AwsDeployStageId));
        Assert.That(_completed.Stage.SyntheticStageOwner, Is.EqualTo("STAGE_BEFORE"));
        Assert.That(_completed.Stage.Status, Is.EqualTo("TERMINAL"));
        Assert.That(_completed.Execution.Status, Is.EqualTo("RUNNING"));
        Assert.That(_completed.OccurredAt, Is.EqualTo(At(T0 + 1_671)));
    });

    [Test]
    public void Should_extract_the_error_once_from_context_and_task() => Assert.Multiple(() =>
    {
        Assert.That(_completed.Stage.Errors, Is.EqualTo(new[] { CapacityError }));
        Assert.That(_completed.Stage.Tasks.Single(t => t.Name == "createServerGroup").Error, Is.EqualTo(CapacityError));
        Assert.That(_completed.Stage.Tasks.Single(t => t.Name == "determineSourceServerGroup").Error, Is.Null);
    });

    [Test]
    public void Should_read_where_it_deployed_from_the_cluster_object() => Assert.Multiple(() =>
    {
        Assert.That(_completed.Stage.CloudProvider, Is.EqualTo("aws"));
        Assert.That(_completed.Stage.Account, Is.EqualTo("prod"));
        Assert.That(_completed.Stage.Regions, Is.EqualTo(new[] { "us-east-1" }));
        Assert.That(_completed.Stage.Cluster, Is.EqualTo("payments-api"));
        Assert.That(_completed.Stage.ServerGroup, Is.Null, "source.serverGroupName is the old server group, not this one");
    });

    [Test]
    public void Should_fall_back_to_the_first_line_of_a_stack_trace()
    {
        var traceOnly = Change(SyntheticDeployStageFailed(), root =>
        {
            var stage = root.Execution()["stages"]![1]!;
            stage["context"]!["exception"]!["details"] = new System.Text.Json.Nodes.JsonObject
            {
                ["stackTrace"] = "java.lang.IllegalArgumentException: No deserializer\n\tat com.example.Foo.bar(Foo.java:1)",
            };
            stage["tasks"]![1]!["taskExceptionDetails"] = new System.Text.Json.Nodes.JsonObject();
        });
        Assert.That(One<StageCompleted>(Events(traceOnly)).Stage.Errors,
            Is.EqualTo(new[] { "java.lang.IllegalArgumentException: No deserializer" }));
    }
}

public sealed class When_a_pipeline_fails
{
    [Test]
    public void Should_produce_PipelineCompleted_with_the_terminal_status()
    {
        var (normalized, completed) = Single<PipelineCompleted>(PipelineFailedTerminal());
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.PipelineCompleted));
            Assert.That(normalized.StreamId, Is.EqualTo(FailedExecutionId));
            Assert.That(completed.Execution.Status, Is.EqualTo("TERMINAL"));
            Assert.That(completed.Execution.Application, Is.EqualTo("payments"));
            Assert.That(completed.Execution.EndTime, Is.EqualTo(At(T0 + 1_822)));
            Assert.That(completed.OccurredAt, Is.EqualTo(At(T0 + 1_822)));
        });
    }

    [Test]
    public void Should_keep_the_error_in_the_child_stage()
    {
        var stages = Single<PipelineCompleted>(PipelineFailedTerminal()).Record.Stages;
        var parent = stages.Single(s => s.Id == AwsDeployStageId);
        var child = stages.Single(s => s.Id == CreateServerGroupStageId);
        Assert.Multiple(() =>
        {
            Assert.That(parent.Status, Is.EqualTo("TERMINAL"));
            Assert.That(parent.Errors, Is.Empty);
            Assert.That(parent.Regions, Is.EqualTo(new[] { "us-east-1" }));
            Assert.That(parent.CloudProvider, Is.EqualTo("aws"));
            Assert.That(child.Errors, Is.EqualTo(new[] { CapacityError }));
            Assert.That(stages.Single(s => s.Id == SoakStageId).Status, Is.EqualTo("NOT_STARTED"));
        });
    }

    [Test]
    public void Should_occur_when_Echo_built_the_event_when_the_execution_has_no_end_time()
    {
        var completed = Single<PipelineCompleted>(PipelineCompleted(status: "TERMINAL", endTime: null)).Record;
        Assert.Multiple(() =>
        {
            Assert.That(completed.Execution.EndTime, Is.Null);
            Assert.That(completed.OccurredAt, Is.EqualTo(At(T0 + 69_402 + 60)), "details.created");
        });
    }

    [Test]
    public void Should_derive_the_status_from_the_event_type_when_the_execution_is_stale()
    {
        var stale = Change(PipelineCompleted(status: "TERMINAL"), root => root.Execution()["status"] = "RUNNING");
        Assert.That(Single<PipelineCompleted>(stale).Record.Execution.Status, Is.EqualTo("TERMINAL"));
    }
}

public sealed class When_a_pipeline_is_canceled
{
    [Test]
    public void Should_report_who_canceled_it_and_why()
    {
        var completed = Single<PipelineCompleted>(PipelineCanceled(canceledBy: "bob@example.com", reason: "Wrong image tag")).Record;
        Assert.Multiple(() =>
        {
            Assert.That(completed.Execution.Status, Is.EqualTo("CANCELED"));
            Assert.That(completed.Execution.Canceled, Is.True);
            Assert.That(completed.Execution.CanceledBy, Is.EqualTo("bob@example.com"));
            Assert.That(completed.Execution.CancellationReason, Is.EqualTo("Wrong image tag"));
            Assert.That(completed.Stages[0].Status, Is.EqualTo("CANCELED"));
            Assert.That(completed.Stages[0].Tasks.Single(t => t.Id == "5").Status, Is.EqualTo("CANCELED"));
        });
    }

    [Test]
    public void Should_tell_the_early_cancel_event_from_the_final_one()
    {
        var early = Single<PipelineCompleted>(PipelineCanceled(endTime: null)).Record;
        var final = Single<PipelineCompleted>(PipelineCanceled()).Record;
        Assert.That(early.EventId, Is.Not.EqualTo(final.EventId));
    }
}

public sealed class When_branches_run_in_parallel
{
    private PipelineCompleted _completed = null!;

    [SetUp]
    public void Normalize() => _completed = Single<PipelineCompleted>(PipelineCompletedWithParallelBranches(commitSha: "4be1c0ffee")).Record;

    [Test]
    public void Should_keep_the_requisite_stage_ref_ids()
    {
        var byRef = _completed.Stages.ToDictionary(s => s.RefId!, s => s.RequisiteStageRefIds);
        Assert.Multiple(() =>
        {
            Assert.That(byRef["1"], Is.Empty);
            Assert.That(byRef["2"], Is.EqualTo(new[] { "1" }));
            Assert.That(byRef["3"], Is.EqualTo(new[] { "1" }));
            Assert.That(byRef["4"], Is.EqualTo(new[] { "2", "3" }));
        });
    }

    [Test]
    public void Should_read_the_Jenkins_trigger() => Assert.Multiple(() =>
    {
        Assert.That(_completed.Execution.Trigger! with { Scm = null }, Is.EqualTo(new TriggerInfo("jenkins", "[anonymous]", null, null, null, 1482, "4be1c0ffee")));
        Assert.That(_completed.Execution.Trigger!.Scm, Is.EqualTo(new[] { new ScmInfo("4be1c0ffee", "main") }));
    });
}

public sealed class When_a_manual_judgment_is_decided
{
    [Test]
    public void Should_resolve_a_continued_judgment_with_judge_and_wait_time()
    {
        var events = Events(ManualJudgmentDecided("continue", judge: "carol@example.com", waitedMs: 1_093_248));
        var end = T0 + 402 + 1_093_248;
        var completed = One<StageCompleted>(events);
        var resolved = One<ManualJudgmentResolved>(events);
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => e.Alias), Is.EqualTo(new[] { IngestEventTypes.StageCompleted, IngestEventTypes.ManualJudgmentResolved }));
            Assert.That(events.Select(e => e.StreamId).Distinct(), Is.EqualTo(new[] { JudgmentExecutionId }));
            Assert.That(completed.Stage.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(resolved.Judgment, Is.EqualTo(new JudgmentInfo("continue", "Approve", "carol@example.com", At(end - 9_437))));
            Assert.That(resolved.WaitedMs, Is.EqualTo(1_093_248));
            Assert.That(resolved.OccurredAt, Is.EqualTo(At(end - 9_437)), "when the judge decided");
            Assert.That(resolved.Stage.Judgment, Is.EqualTo(resolved.Judgment));
            Assert.That(resolved.EventId, Is.Not.EqualTo(completed.EventId));
        });
    }

    [Test]
    public void Should_resolve_a_stopped_judgment_lower_cased()
    {
        var events = Events(ManualJudgmentDecided("STOP", input: "Reject"));
        Assert.Multiple(() =>
        {
            Assert.That(One<StageCompleted>(events).Stage.Status, Is.EqualTo("TERMINAL"));
            Assert.That(One<ManualJudgmentResolved>(events).Judgment.Status, Is.EqualTo("stop"));
            Assert.That(One<ManualJudgmentResolved>(events).Judgment.Input, Is.EqualTo("Reject"));
        });
    }

    [Test]
    public void Should_not_resolve_a_judgment_that_was_reset()
    {
        var events = Events(ManualJudgmentDecided(""));
        Assert.That(events.Select(e => e.Alias), Is.EqualTo(new[] { IngestEventTypes.StageCompleted }));
    }

    [Test]
    public void Should_take_the_judge_from_lastModifiedBy_when_lastModified_is_absent()
    {
        var old = Change(ManualJudgmentDecided(judge: "dave@example.com"), root => root.Execution()["stages"]![0]!["lastModified"] = null);
        var judgment = One<ManualJudgmentResolved>(Events(old)).Judgment;
        Assert.Multiple(() =>
        {
            Assert.That(judgment.JudgedBy, Is.EqualTo("dave@example.com"));
            Assert.That(judgment.JudgedAt, Is.Null);
        });
    }
}

public sealed class When_a_rollback_stage_completes
{
    [Test]
    public void Should_describe_the_rolled_back_server_group()
    {
        var stage = Single<StageCompleted>(RollbackServerGroupCompleted()).Record.Stage;
        Assert.Multiple(() =>
        {
            Assert.That(stage.Type, Is.EqualTo("rollbackServerGroup"));
            Assert.That(stage.CloudProvider, Is.EqualTo("aws"));
            Assert.That(stage.Account, Is.EqualTo("prod"));
            Assert.That(stage.Regions, Is.EqualTo(new[] { "us-east-1" }));
            Assert.That(stage.Cluster, Is.EqualTo("payments-api"));
            Assert.That(stage.ServerGroup, Is.EqualTo("payments-api-v042"));
            Assert.That(stage.Errors, Is.Empty);
        });
    }

    [Test]
    public void Should_list_its_after_stages_in_a_pipeline_view()
    {
        var completed = Normalizing.Of(RollbackServerGroupCompleted());
        Assert.That(completed.IsRejected, Is.False);
        var execution = One<StageCompleted>(completed.Events).Execution;
        Assert.That(execution.PipelineName, Is.EqualTo("Rollback payments-api (us-east-1)"));
    }
}

public sealed class When_a_child_pipeline_completes
{
    [Test]
    public void Should_link_to_the_parent_execution_and_stage()
    {
        var trigger = Single<PipelineCompleted>(ChildPipelineCompleted()).Record.Execution.Trigger!;
        Assert.Multiple(() =>
        {
            Assert.That(trigger.Type, Is.EqualTo("pipeline"));
            Assert.That(trigger.User, Is.EqualTo(Alice));
            Assert.That(trigger.ParentExecutionId, Is.EqualTo(ParentExecutionId));
            Assert.That(trigger.ParentPipelineStageId, Is.EqualTo(ParentStageId));
            Assert.That(trigger.CorrelationId, Is.EqualTo($"{ParentExecutionId}_{ParentStageId}"));
        });
    }

    [Test]
    public void Should_name_the_child_execution_of_the_parent_pipeline_stage()
    {
        var parentStageStarted = EchoPayloads.Event("orca:stage:starting", StageContent(
            ExecutionNode(ParentExecutionId, "Deploy to staging", "RUNNING", T0, null, new System.Text.Json.Nodes.JsonObject { ["type"] = "manual" }, Application,
                StageNode(ParentStageId, "3", "pipeline", "Run smoke tests", "RUNNING", T0 + 5_000, null,
                    new System.Text.Json.Nodes.JsonObject { ["pipeline"] = "77c1e2d3", ["executionId"] = ChildExecutionId })),
            StageNode(ParentStageId, "3", "pipeline", "Run smoke tests", "RUNNING", T0 + 5_000, null,
                new System.Text.Json.Nodes.JsonObject { ["pipeline"] = "77c1e2d3", ["executionId"] = ChildExecutionId })), T0 + 5_020);
        Assert.That(Single<StageStarted>(parentStageStarted).Record.Stage.ChildExecutionId, Is.EqualTo(ChildExecutionId));
    }
}

public sealed class When_a_pipeline_comes_from_a_template
{
    [Test]
    public void Should_report_a_v2_template_without_id() =>
        Assert.That(Single<PipelineCompleted>(TemplatedPipelineCompleted("v2")).Record.Execution.Template, Is.EqualTo(new TemplateInfo(null, "v2")));

    [Test]
    public void Should_report_a_v1_template_with_its_source() =>
        Assert.That(Single<PipelineCompleted>(TemplatedPipelineCompleted("v1", "spinnaker://deploy-template")).Record.Execution.Template,
            Is.EqualTo(new TemplateInfo("spinnaker://deploy-template", "v1")));
}

public sealed class When_an_orchestration_runs
{
    [Test]
    public void Should_produce_OrchestrationStarted_when_it_starts()
    {
        var (normalized, started) = Single<OrchestrationStarted>(Orchestration("RUNNING"));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.OrchestrationStarted));
            Assert.That(normalized.StreamId, Is.EqualTo(OrchestrationId));
            Assert.That(started.Execution.Status, Is.EqualTo("RUNNING"));
            Assert.That(started.OccurredAt, Is.EqualTo(At(T0 + 90)));
        });
    }

    [Test]
    public void Should_produce_OrchestrationCompleted_named_by_its_description()
    {
        var (normalized, completed) = Single<OrchestrationCompleted>(Orchestration("SUCCEEDED", description: "Save pipeline 'Deploy to staging'"));
        var stage = completed.Stages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.OrchestrationCompleted));
            Assert.That(completed.Execution.ExecutionType, Is.EqualTo("ORCHESTRATION"));
            Assert.That(completed.Execution.PipelineName, Is.EqualTo("Save pipeline 'Deploy to staging'"));
            Assert.That(completed.Execution.PipelineConfigId, Is.Null);
            Assert.That(completed.Execution.Trigger!.Type, Is.EqualTo("none"));
            Assert.That(stage.Id, Is.EqualTo(SavePipelineStageId));
            Assert.That(stage.RefId, Is.Null);
            Assert.That(stage.Name, Is.Null);
            Assert.That(stage.Type, Is.EqualTo("savePipeline"));
            Assert.That(completed.OccurredAt, Is.EqualTo(At(T0 + 1_340)));
        });
    }

    [Test]
    public void Should_produce_OrchestrationCompleted_for_a_failed_one() =>
        Assert.That(Single<OrchestrationCompleted>(Orchestration("TERMINAL")).Record.Execution.Status, Is.EqualTo("TERMINAL"));
}

public sealed class When_an_old_stage_event_has_no_execution
{
    [Test]
    public void Should_normalize_what_is_there()
    {
        var (normalized, completed) = Single<StageCompleted>(LegacyStageCompleted());
        Assert.Multiple(() =>
        {
            Assert.That(normalized.StreamId, Is.EqualTo(LegacyExecutionId));
            Assert.That(completed.Execution.Application, Is.EqualTo("hcm"), "from details.application");
            Assert.That(completed.Execution.ExecutionType, Is.EqualTo("PIPELINE"));
            Assert.That(completed.Execution.Status, Is.EqualTo("RUNNING"));
            Assert.That(completed.Execution.Trigger, Is.Null);
            Assert.That(completed.Stage.Id, Is.EqualTo("legacy-stage@1518214003091"), "no stageId: the stage start identifies it");
            Assert.That(completed.Stage.Status, Is.EqualTo("SUCCEEDED"), "from orca:stage:complete");
            Assert.That(completed.Stage.StartTime, Is.EqualTo(At(1_518_214_003_091)));
            Assert.That(completed.Stage.EndTime, Is.EqualTo(At(1_518_214_003_420)));
            Assert.That(completed.Stage.Type, Is.Null);
            Assert.That(completed.Stage.CloudProvider, Is.EqualTo("kubernetes"));
            Assert.That(completed.Stage.Account, Is.EqualTo("int-k8s"));
            Assert.That(completed.Stage.Cluster, Is.EqualTo("hcm-web"));
            Assert.That(completed.OccurredAt, Is.EqualTo(At(1_518_214_003_420)));
        });
    }

    [Test]
    public void Should_use_the_stage_id_and_name_when_present()
    {
        var stage = Single<StageCompleted>(LegacyStageCompleted(stageId: "a0b1c2d3", name: "Scale down")).Record.Stage;
        Assert.Multiple(() =>
        {
            Assert.That(stage.Id, Is.EqualTo("a0b1c2d3"));
            Assert.That(stage.Name, Is.EqualTo("Scale down"));
        });
    }

    [Test]
    public void Should_read_an_old_task_name_and_occur_when_Echo_built_it()
    {
        var (normalized, completed) = Single<TaskCompleted>(LegacyTaskCompleted(created: 1_422_487_582_294));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.TaskCompleted));
            Assert.That(completed.StageId, Is.EqualTo("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"));
            Assert.That(completed.StageType, Is.EqualTo("enableAsg"));
            Assert.That(completed.Task.Name, Is.EqualTo("monitorAsg"));
            Assert.That(completed.Task.Status, Is.EqualTo("SUCCEEDED"));
            Assert.That(completed.Execution.ExecutionType, Is.EqualTo("ORCHESTRATION"), "standalone: true");
            Assert.That(completed.Execution.Application, Is.EqualTo("asgard"));
            Assert.That(completed.OccurredAt, Is.EqualTo(At(1_422_487_582_294)));
        });
    }
}

public sealed class When_Igor_reports_a_build
{
    [Test]
    public void Should_produce_CiBuildObserved_on_the_build_stream()
    {
        var (normalized, build) = Single<CiBuildObserved>(Build(master: "ci", job: "checkout-build", number: 59));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.CiBuildObserved));
            Assert.That(normalized.StreamId, Is.EqualTo("build:ci/checkout-build#59"));
            Assert.That(normalized.StreamType, Is.EqualTo(StreamTypes.Build));
            Assert.That(build, Is.EqualTo(new CiBuildObserved(build.EventId, At(1_427_237_722_249 + 31_468), Tenant, "ci", "checkout-build", 59,
                false, "SUCCESS", "https://ci.example.com/job/checkout-build/59/", 31_468)));
        });
    }

    [Test]
    public void Should_occur_at_the_build_start_while_it_is_building()
    {
        var building = Single<CiBuildObserved>(Build(building: true, result: "BUILDING", duration: 0)).Record;
        var finished = Single<CiBuildObserved>(Build()).Record;
        Assert.Multiple(() =>
        {
            Assert.That(building.Building, Is.True);
            Assert.That(building.OccurredAt, Is.EqualTo(At(1_427_237_722_249)));
            Assert.That(building.EventId, Is.Not.EqualTo(finished.EventId));
        });
    }
}

public sealed class When_a_git_push_arrives
{
    [Test]
    public void Should_produce_GitPushObserved_on_the_commit_stream()
    {
        var (normalized, push) = Single<GitPushObserved>(GitPush(repoProject: "example-org", slug: "checkout-api", hash: "7c2e4a6b", branch: "main"));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.GitPushObserved));
            Assert.That(normalized.StreamId, Is.EqualTo("git:example-org/checkout-api@7c2e4a6b"));
            Assert.That(normalized.StreamType, Is.EqualTo(StreamTypes.Git));
            Assert.That(push, Is.EqualTo(new GitPushObserved(push.EventId, At(T0 + 3_600_057), Tenant, "github", "example-org", "checkout-api",
                "main", "7c2e4a6b", "push:push")));
        });
    }
}

public sealed class When_Gate_starts_a_pipeline_manually
{
    [Test]
    public void Should_produce_ManualTriggerRequested_keyed_by_the_execution()
    {
        var (normalized, manual) = Single<ManualTriggerRequested>(ManualTrigger(executionId: "01HZC6H8J0K2M4N6P8Q0R2S4T6"));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.ManualTriggerRequested));
            Assert.That(normalized.StreamId, Is.EqualTo("manual-trigger:01HZC6H8J0K2M4N6P8Q0R2S4T6"));
            Assert.That(normalized.StreamType, Is.EqualTo(StreamTypes.ManualTrigger));
            Assert.That(manual, Is.EqualTo(new ManualTriggerRequested(manual.EventId, At(T0 + 44), Tenant, Application, PipelineName, Alice,
                "01HZC6H8J0K2M4N6P8Q0R2S4T6")));
        });
    }

    [Test]
    public void Should_key_by_Gate_s_event_id_without_an_execution_id() =>
        Assert.That(Single<ManualTriggerRequested>(ManualTrigger(executionId: null, eventId: "8f2d4b6a")).Normalized.StreamId,
            Is.EqualTo("manual-trigger:8f2d4b6a"));
}

public sealed class When_an_event_has_another_type
{
    [Test]
    public void Should_keep_it_as_ExternalEventObserved()
    {
        var (normalized, external) = Single<ExternalEventObserved>(Other(type: "docker", source: "igor", eventId: "c4e6a8b0"));
        Assert.Multiple(() =>
        {
            Assert.That(normalized.Alias, Is.EqualTo(IngestEventTypes.ExternalEventObserved));
            Assert.That(normalized.StreamId, Is.EqualTo("external:igor:docker:c4e6a8b0"));
            Assert.That(normalized.StreamType, Is.EqualTo(StreamTypes.External));
            Assert.That(external, Is.EqualTo(new ExternalEventObserved(external.EventId, At(T0 + 7_200_000), Tenant, "igor", "docker", null, "c4e6a8b0")));
        });
    }

    [TestCase("orca:pipeline:paused")]
    [TestCase("webhook")]
    [TestCase("pubsub")]
    public void Should_keep_unknown_types_too(string type) =>
        Assert.That(Single<ExternalEventObserved>(Other(type: type, source: null)).Record.Type, Is.EqualTo(type));

    [Test]
    public void Should_derive_a_stable_stream_from_the_content_without_an_event_id()
    {
        var first = Single<ExternalEventObserved>(Other(eventId: null)).Normalized;
        var again = Single<ExternalEventObserved>(Other(eventId: null)).Normalized;
        var other = Single<ExternalEventObserved>(Other(eventId: null, created: T0 + 1)).Normalized;
        Assert.Multiple(() =>
        {
            Assert.That(again.StreamId, Is.EqualTo(first.StreamId));
            Assert.That(again.EventId, Is.EqualTo(first.EventId));
            Assert.That(other.EventId, Is.Not.EqualTo(first.EventId));
        });
    }

    [Test]
    public void Should_keep_a_build_without_a_job_as_external() =>
        Assert.That(Single<ExternalEventObserved>(Change(Build(), root => root.Content().Remove("project"))).Record.Type, Is.EqualTo("build"));
}

public sealed class When_details_and_content_are_JSON_strings
{
    [Test]
    public void Should_parse_them_as_a_flattened_endpoint_sends_them()
    {
        var flattened = Change(PipelineStarting(), root =>
        {
            root["details"] = root["details"]!.ToJsonString();
            root["content"] = root["content"]!.ToJsonString();
        });
        Assert.That(Single<PipelineStarted>(flattened).Record.Execution.ExecutionId, Is.EqualTo(ExecutionId));
    }
}
