using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Marten.Services;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Weasel.Core;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

public sealed class When_a_stage_targets_a_Kubernetes_namespace
{
    [Test]
    public void Should_take_the_namespace_override_of_a_manifest_deploy_first() =>
        Assert.That(Staged.Stage("deployManifest", """
            {"account":"prod-use1","namespaceOverride":"checkout-canary",
             "manifests":[{"kind":"Deployment","metadata":{"name":"checkout-api","namespace":"checkout"}}]}
            """).Namespace, Is.EqualTo("checkout-canary"));

    [Test]
    public void Should_take_the_location_of_a_stage_that_names_one_manifest() =>
        Assert.That(Staged.Stage("undoRolloutManifest", """{"account":"prod-use1","location":"checkout","manifestName":"deployment checkout-api"}""").Namespace,
            Is.EqualTo("checkout"));

    [Test]
    public void Should_take_the_manifest_location_its_tasks_add() =>
        Assert.That(Staged.Stage("scaleManifest", """{"account":"prod-use1","manifest.location":"payments"}""").Namespace, Is.EqualTo("payments"));

    [Test]
    public void Should_take_the_namespace_of_a_moniker_that_names_one() =>
        Assert.That(Staged.Stage("deployManifest", """{"moniker":{"app":"checkout","namespace":"checkout-blue"}}""").Namespace, Is.EqualTo("checkout-blue"));

    [Test]
    public void Should_take_the_first_namespace_the_manifests_name() =>
        Assert.That(Staged.Stage("deployManifest", """
            {"manifests":[{"kind":"ConfigMap","metadata":{"name":"settings"}},
                          {"kind":"Deployment","metadata":{"name":"checkout-api","namespace":"checkout"}},
                          {"kind":"Service","metadata":{"name":"checkout-api","namespace":"edge"}}]}
            """).Namespace, Is.EqualTo("checkout"));

    [Test]
    public void Should_take_the_namespace_of_the_deployed_manifests_in_the_stage_outputs() =>
        Assert.That(Staged.Stage("deployManifest", """{"account":"prod-use1"}""",
            """{"outputs.manifests":[{"kind":"Deployment","metadata":{"name":"checkout-api","namespace":"checkout"}}]}""").Namespace,
            Is.EqualTo("checkout"));

    [Test]
    public void Should_take_the_one_namespace_of_the_manifest_names() =>
        Assert.That(Staged.Stage("deployManifest", """{"outputs.manifestNamesByNamespace":{"checkout":["deployment checkout-api","service checkout-api"]}}""").Namespace,
            Is.EqualTo("checkout"));

    [Test]
    public void Should_name_none_when_the_manifest_names_span_two_namespaces() =>
        Assert.That(Staged.Stage("deployManifest", """{"outputs.manifestNamesByNamespace":{"checkout":["deployment checkout-api"],"edge":["service checkout-api"]}}""").Namespace,
            Is.Null);

    [Test]
    public void Should_not_take_a_location_that_is_not_a_name() =>
        Assert.That(Staged.Stage("runCanary", """{"location":{"region":"us-east-1"}}""").Namespace, Is.Null);

    [Test]
    public void Should_name_none_for_a_server_group_stage() =>
        Assert.That(Staged.Stage("rollbackServerGroup", """{"credentials":"prod","regions":["us-east-1"],"serverGroup":"payments-api-v042"}""").Namespace,
            Is.Null);
}

public sealed class When_a_rollback_stage_says_what_it_rolls_back
{
    [Test]
    public void Should_read_an_explicit_server_group_rollback()
    {
        var stage = Staged.Stage("rollbackServerGroup", """
            {"cloudProvider":"aws","credentials":"prod","regions":["us-east-1"],"serverGroup":"payments-api-v042","rollbackType":"EXPLICIT",
             "rollbackContext":{"rollbackServerGroupName":"payments-api-v042","restoreServerGroupName":"payments-api-v041","targetHealthyRollbackPercentage":100}}
            """);

        Assert.That(stage.Rollback, Is.EqualTo(new RollbackInfo("EXPLICIT", "payments-api-v042", "payments-api-v041", null, null, null, null)));
    }

    [Test]
    public void Should_read_the_image_a_previous_image_rollback_redeploys()
    {
        var stage = Staged.Stage("rollbackServerGroup", """
            {"credentials":"prod","region":"us-east-1","rollbackType":"PREVIOUS_IMAGE",
             "rollbackContext":{"rollbackServerGroupName":"payments-api-v042","imageId":"ami-0a1b2c3d","imageName":"payments-api-2.3.9-h300.1a2b3c4-x86_64-20240501"}}
            """);

        Assert.That(stage.Rollback, Is.EqualTo(new RollbackInfo("PREVIOUS_IMAGE", "payments-api-v042", null, null, null, null,
            "payments-api-2.3.9-h300.1a2b3c4-x86_64-20240501")));
    }

    [Test]
    public void Should_take_the_image_id_when_a_previous_image_rollback_names_no_image_name() =>
        Assert.That(Staged.Stage("rollbackServerGroup", """{"rollbackType":"PREVIOUS_IMAGE","rollbackContext":{"rollbackServerGroupName":"payments-api-v042","imageId":"ami-0a1b2c3d"}}""")
            .Rollback!.ImageId, Is.EqualTo("ami-0a1b2c3d"));

    [Test]
    public void Should_read_the_server_group_the_synthetic_rollback_of_a_failed_deploy_starts_from()
    {
        // The context CreateServerGroupStage.onFailureStages gives the stage before its candidates are determined.
        var stage = Staged.Stage("rollbackCluster", """
            {"credentials":"prod","cloudProvider":"aws","regions":["us-east-1"],"serverGroup":"payments-api-v043","stageTimeoutMs":1800000,
             "additionalRollbackContext":{"disableOnly":true,"onlyEnabledServerGroups":true}}
            """, status: "RUNNING");

        Assert.That(stage.Rollback, Is.EqualTo(new RollbackInfo(null, "payments-api-v043", null, null, null, null, null)));
    }

    [Test]
    public void Should_read_the_candidates_a_cluster_rollback_determined_for_its_first_region()
    {
        var stage = Staged.Stage("rollbackCluster", """
            {"credentials":"prod","cloudProvider":"aws","regions":["us-west-2","us-east-1"],"serverGroup":"payments-api-v043",
             "imagesToRestore":[{"region":"us-east-1","image":"payments-api-2.4.0-h311","rollbackMethod":"EXPLICIT"},
                                {"region":"us-west-2","image":"payments-api-2.3.9-h300","rollbackMethod":"EXPLICIT"}]}
            """, """
            {"rollbackTypes":{"us-east-1":"EXPLICIT","us-west-2":"EXPLICIT"},
             "rollbackContexts":{"us-east-1":{"rollbackServerGroupName":"payments-api-v043","restoreServerGroupName":"payments-api-v041"},
                                 "us-west-2":{"rollbackServerGroupName":"payments-api-v043","restoreServerGroupName":"payments-api-v040"}}}
            """);

        Assert.That(stage.Rollback, Is.EqualTo(new RollbackInfo("EXPLICIT", "payments-api-v043", "payments-api-v040", null, null, null, "payments-api-2.3.9-h300")));
    }

    [Test]
    public void Should_read_how_far_an_undo_rollout_went_and_the_revision_Clouddriver_picked()
    {
        var stage = Staged.Stage("undoRolloutManifest", """
            {"account":"prod-use1","cloudProvider":"kubernetes","location":"checkout","manifestName":"deployment checkout-api","mode":"static","numRevisionsBack":1,
             "kato.tasks":[{"id":"01HXWBKZP026STSKEZBX1ASNEP","status":{"completed":true,"failed":false},
               "history":[{"phase":"UNDO_ROLLOUT_KUBERNETES_MANIFEST","status":"Looking up rollout history..."},
                          {"phase":"UNDO_ROLLOUT_KUBERNETES_MANIFEST","status":"Picked revision 41..."},
                          {"phase":"UNDO_ROLLOUT_KUBERNETES_MANIFEST","status":"Calling undo rollout operation..."}]}]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(stage.Rollback, Is.EqualTo(new RollbackInfo(null, null, null, "deployment checkout-api", 1, "41", null)));
            Assert.That(stage.Namespace, Is.EqualTo("checkout"));
        });
    }

    [Test]
    public void Should_read_the_revision_an_undo_rollout_was_told_to_restore() =>
        Assert.That(Staged.Stage("undoRolloutManifest", """{"manifest.name":"replicaSet checkout-api","revision":"38"}""").Rollback,
            Is.EqualTo(new RollbackInfo(null, null, null, "replicaSet checkout-api", null, "38", null)));

    [Test]
    public void Should_say_nothing_of_a_rollback_stage_whose_context_names_nothing() =>
        Assert.That(Staged.Stage("rollbackServerGroup", """{"credentials":"prod"}""").Rollback, Is.Null);

    [Test]
    public void Should_say_nothing_of_a_stage_that_is_no_rollback() =>
        Assert.That(Staged.Stage("enableServerGroup", """{"credentials":"prod","serverGroupName":"payments-api-v041","rollbackType":"EXPLICIT"}""").Rollback,
            Is.Null);
}

public sealed class When_a_pipeline_trigger_carries_its_parent_execution
{
    /// <summary>The child pipeline payload, its parent's stage now a failed deploy.</summary>
    private static TriggerInfo TriggerWithFailedParent()
    {
        var payload = Change(ChildPipelineCompleted(), root =>
        {
            var parent = root.Execution()["trigger"]!["parentExecution"]!.AsObject();
            parent["status"] = "TERMINAL";
            parent["stages"] = new JsonArray(
                StageNode("01HZBR0A2C5M7N9P1Q3R5S7TA1", "1", "deployManifest", "Deploy (prod)", "TERMINAL", T0 + 200, T0 + 4_000,
                    JsonNode.Parse("""
                        {"account":"prod-use1","manifests":[{"kind":"Deployment","metadata":{"name":"checkout-api","namespace":"checkout"},
                           "spec":{"template":{"spec":{"containers":[{"image":"registry.example.com/checkout-api:1.9.0"}]}}}}],
                         "exception":{"details":{"errors":["'deployment checkout-api' in 'checkout' for account prod-use1: Deployment exceeded its progress deadline"]}}}
                        """)!.AsObject()),
                StageNode("01HZBR0A2C5M7N9P1Q3R5S7TA2", "2", "rollbackServerGroup", "Earlier rollback", "SUCCEEDED", T0 + 4_100, T0 + 4_500,
                    JsonNode.Parse("""{"credentials":"prod","rollbackContext":{"restoreServerGroupName":"payments-api-v041"}}""")!.AsObject()),
                StageNode("01HZBR0A2C5M7N9P1Q3R5S7TA3", "3", "wait", "Soak", "NOT_STARTED", null, null, new JsonObject()));
        });
        return Single<PipelineCompleted>(payload).Record.Execution.Trigger!;
    }

    [Test]
    public void Should_name_the_parent_pipeline_and_its_status()
    {
        var parent = TriggerWithFailedParent().ParentExecution!;

        Assert.That((parent.Application, parent.PipelineName, parent.Status), Is.EqualTo(((string?)Application, (string?)"Deploy to staging", (string?)"TERMINAL")));
    }

    [Test]
    public void Should_carry_the_errors_of_the_parents_failed_stages() =>
        Assert.That(TriggerWithFailedParent().ParentExecution!.Errors,
            Is.EqualTo(new[] { "'deployment checkout-api' in 'checkout' for account prod-use1: Deployment exceeded its progress deadline" }));

    [Test]
    public void Should_carry_what_the_parents_deploy_stages_deployed_and_not_what_a_rollback_restored() =>
        Assert.That(TriggerWithFailedParent().ParentExecution!.Deployed!.Select(a => a.Reference),
            Is.EqualTo(new[] { "registry.example.com/checkout-api:1.9.0" }));

    [Test]
    public void Should_carry_a_running_parent_without_errors()
    {
        var parent = Single<PipelineCompleted>(ChildPipelineCompleted()).Record.Execution.Trigger!.ParentExecution!;

        Assert.Multiple(() =>
        {
            Assert.That(parent.Status, Is.EqualTo("RUNNING"));
            Assert.That(parent.Errors, Is.Empty);
            Assert.That(parent.Deployed, Is.Null);
        });
    }

    [Test]
    public void Should_carry_no_parent_for_a_manual_trigger() =>
        Assert.That(Single<PipelineCompleted>(PipelineCompleted()).Record.Execution.Trigger!.ParentExecution, Is.Null);
}

/// <summary>Stages and triggers stored before namespaces, rollbacks and parent executions were read still read back.</summary>
public sealed class When_events_stored_without_rollback_targets_are_read
{
    private readonly StoreOptions _store = new();

    [OneTimeSetUp]
    public void ConfigureAsTheStoresDo() => _store.UseSystemTextJsonForSerialization(enumStorage: EnumStorage.AsString, casing: Casing.CamelCase);

    private T Read<T>(string json) => _store.Serializer().FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Test]
    public void Should_read_an_older_stage_with_no_namespace_and_no_rollback()
    {
        var stage = Read<StageInfo>("""
            {"id":"01S","refId":"1","type":"undoRolloutManifest","name":"Undo","status":"SUCCEEDED","startTime":"2024-05-14T15:00:00+00:00","endTime":null,
             "requisiteStageRefIds":[],"parentStageId":null,"syntheticStageOwner":null,"cloudProvider":"kubernetes","account":"prod-use1","regions":[],
             "cluster":null,"serverGroup":null,"errors":[],"tasks":[],"judgment":null,"childExecutionId":null,
             "artifacts":[{"type":"kubernetes/deployment","name":"checkout-api","version":null,"reference":"checkout-api","metadata":{"numRevisionsBack":"1"}}]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(stage.Artifacts!.Single().Name, Is.EqualTo("checkout-api"));
            Assert.That(stage.Namespace, Is.Null);
            Assert.That(stage.Rollback, Is.Null);
        });
    }

    [Test]
    public void Should_read_an_older_pipeline_trigger_with_no_parent_execution()
    {
        var trigger = Read<TriggerInfo>("""
            {"type":"pipeline","user":"alice@example.com","parentExecutionId":"01HXWB1FG3FTRFM5N3TAJKDH4D","parentPipelineStageId":null,
             "correlationId":null,"buildNumber":null,"commitSha":null,"parentTrigger":{"type":"manual","user":"alice@example.com"}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(trigger.ParentExecutionId, Is.EqualTo("01HXWB1FG3FTRFM5N3TAJKDH4D"));
            Assert.That(trigger.ParentTrigger!.Type, Is.EqualTo("manual"));
            Assert.That(trigger.ParentExecution, Is.Null);
        });
    }

    [Test]
    public void Should_read_a_new_stage_and_trigger_back_with_what_they_carried()
    {
        var serializer = _store.Serializer();
        var stage = Staged.Stage("undoRolloutManifest", """{"account":"prod-use1","location":"checkout","manifestName":"deployment checkout-api","numRevisionsBack":2}""");
        var trigger = new TriggerInfo("pipeline", "alice", "01P", null, null, null, null,
            ParentExecution: new ParentExecutionInfo("checkout", "Deploy", "TERMINAL", ["boom"], [new ArtifactInfo("docker/image", "checkout-api", "1.9.0", "checkout-api:1.9.0", new Dictionary<string, string>())]));

        var stageBack = Read<StageInfo>(serializer.ToJson(stage));
        var triggerBack = Read<TriggerInfo>(serializer.ToJson(trigger));

        Assert.Multiple(() =>
        {
            Assert.That(stageBack.Namespace, Is.EqualTo("checkout"));
            Assert.That(stageBack.Rollback, Is.EqualTo(stage.Rollback));
            Assert.That(triggerBack.ParentExecution!.Errors, Is.EqualTo(new[] { "boom" }));
            Assert.That(triggerBack.ParentExecution.Deployed!.Single().Version, Is.EqualTo("1.9.0"));
        });
    }
}
