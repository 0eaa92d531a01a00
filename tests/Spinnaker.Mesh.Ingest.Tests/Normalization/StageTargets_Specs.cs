using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

/// <summary>A completed pipeline with one more stage, written after the deploy and rollback stages of the Echo fixtures.</summary>
internal static class Staged
{
    public const string StageId = "01HZD0STAGE0000000000000001";

    public static StageInfo Stage(string type, string contextJson, string? outputsJson = null, string status = "SUCCEEDED")
    {
        var stage = new JsonObject
        {
            ["id"] = StageId, ["refId"] = "9", ["type"] = type, ["name"] = type, ["status"] = status,
            ["startTime"] = T0 + 1_000, ["endTime"] = T0 + 2_000,
            ["context"] = JsonNode.Parse(contextJson), ["outputs"] = outputsJson is null ? new JsonObject() : JsonNode.Parse(outputsJson),
            ["tasks"] = new JsonArray(),
        };
        var payload = Change(PipelineCompleted(), e => e.Execution()["stages"]!.AsArray().Add(stage));
        return Single<PipelineCompleted>(payload).Record.Stages.Single(s => s.Id == StageId);
    }

    public static IEnumerable<(string Type, string? Name, string? Version, string? Reference)> Keys(this StageInfo stage) =>
        stage.Artifacts?.Select(a => (a.Type, a.Name, a.Version, a.Reference)) ?? [];
}

public sealed class When_a_deployManifest_stage_deploys_a_workload
{
    private const string Context = """
        {"account":"prod-use1","cloudProvider":"kubernetes",
         "manifests":[
           {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"checkout-api"},
            "spec":{"template":{"spec":{"initContainers":[{"name":"migrate","image":"registry.example.com:5000/checkout-migrate:1.8.2"}],
                                        "containers":[{"name":"checkout-api","image":"registry.example.com/checkout-api:1.8.2"},
                                                      {"name":"proxy","image":"envoyproxy/envoy@sha256:4a5b6c7d"},
                                                      {"name":"untagged","image":"busybox"}]}}}},
           {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},
            "spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"image":"registry.example.com/checkout-nightly:1.8.2"}]}}}}}},
           {"apiVersion":"v1","kind":"Service","metadata":{"name":"checkout-api"},"spec":{"ports":[{"port":80}]}}],
         "requiredArtifacts":[{"expectedArtifactId":"e1","artifact":{"type":"docker/image","name":"registry.example.com/checkout-api","version":"1.8.2","reference":"registry.example.com/checkout-api:1.8.2"}}],
         "optionalArtifacts":[],
         "deploy.account.name":"prod-use1",
         "outputs.manifests":[{"kind":"Deployment","spec":{"template":{"spec":{"containers":[{"image":"registry.example.com/checkout-api:1.8.2"}]}}}}],
         "outputs.boundArtifacts":[],
         "outputs.createdArtifacts":[{"type":"kubernetes/deployment","name":"checkout-api","version":"","location":"checkout","reference":"checkout-api","metadata":{"account":"prod-use1"}}],
         "artifacts":[{"type":"kubernetes/deployment","name":"checkout-api","version":"","location":"checkout","reference":"checkout-api","metadata":{"account":"prod-use1"}}]}
        """;

    private StageInfo _stage = null!;

    [OneTimeSetUp]
    public void Normalize() => _stage = Staged.Stage("deployManifest", Context);

    [Test]
    public void Should_list_every_container_image_once_then_the_manifest_artifacts() =>
        Assert.That(_stage.Keys(), Is.EqualTo(new (string, string?, string?, string?)[]
        {
            ("docker/image", "registry.example.com:5000/checkout-migrate", "1.8.2", "registry.example.com:5000/checkout-migrate:1.8.2"),
            ("docker/image", "registry.example.com/checkout-api", "1.8.2", "registry.example.com/checkout-api:1.8.2"),
            ("docker/image", "envoyproxy/envoy", "sha256:4a5b6c7d", "envoyproxy/envoy@sha256:4a5b6c7d"),
            ("docker/image", "busybox", null, "busybox"),
            ("docker/image", "registry.example.com/checkout-nightly", "1.8.2", "registry.example.com/checkout-nightly:1.8.2"),
            ("kubernetes/deployment", "checkout-api", null, "checkout-api"),
        }));

    [Test]
    public void Should_not_list_more_accounts_than_the_one_it_targets() => Assert.Multiple(() =>
    {
        Assert.That(_stage.Account, Is.EqualTo("prod-use1"));
        Assert.That(_stage.Accounts, Is.Null);
    });

    [Test]
    public void Should_read_images_from_the_stage_outputs_too()
    {
        var stage = Staged.Stage("deployManifest", """{"account":"prod-use1"}""",
            """{"outputs.manifests":[{"kind":"Pod","spec":{"containers":[{"image":"registry.example.com/checkout-api:1.9.0"}]}}]}""");

        Assert.That(stage.Keys(), Is.EqualTo(new (string, string?, string?, string?)[]
            { ("docker/image", "registry.example.com/checkout-api", "1.9.0", "registry.example.com/checkout-api:1.9.0") }));
    }

    [Test]
    public void Should_skip_what_is_not_an_image_or_artifact()
    {
        var stage = Staged.Stage("deployManifest", """
            {"account":"prod-use1","manifests":[42,{"spec":{"template":{"spec":{"containers":[{"image":7},{"image":""},"nginx"]}}}}],
             "artifacts":[{"name":"no type"},null,"docker/image"],"requiredArtifacts":{"not":"a list"}}
            """);

        Assert.That(stage.Artifacts, Is.Null);
    }
}

public sealed class When_an_AWS_deploy_stage_creates_server_groups
{
    [Test]
    public void Should_read_the_baked_images_of_deploymentDetails_and_the_ami_name()
    {
        var stage = Staged.Stage("createServerGroup", """
            {"account":"prod","cloudProvider":"aws","amiName":"payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514",
             "deploymentDetails":[{"ami":"ami-0a1b2c3d","imageId":"ami-0a1b2c3d","imageName":"payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514","region":"us-east-1","cloudProvider":"aws"},
                                  {"ami":"ami-9e8d7c6b","amiName":"payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514","region":"eu-west-1"}]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(stage.Keys(), Is.EqualTo(new (string, string?, string?, string?)[]
            {
                ("aws/image", "payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514", null, "ami-0a1b2c3d"),
                ("aws/image", "payments-api-2.4.0-h311.9f1c2ab-x86_64-20240514", null, "ami-9e8d7c6b"),
            }), "the amiName repeats what deploymentDetails named");
            Assert.That(stage.Artifacts![1].Metadata["region"], Is.EqualTo("eu-west-1"));
        });
    }

    [Test]
    public void Should_read_the_ami_name_alone_when_there_are_no_details() =>
        Assert.That(Staged.Stage("createServerGroup", """{"account":"prod","amiName":"ami-ab973ad2","imageId":"ami-ab973ad2"}""").Keys(),
            Is.EqualTo(new (string, string?, string?, string?)[] { ("aws/image", "ami-ab973ad2", null, "ami-ab973ad2") }));

    [Test]
    public void Should_list_every_account_a_deploy_stage_targets()
    {
        var stage = Staged.Stage("deploy", """
            {"clusters":[{"account":"prod","application":"payments","stack":"api","availabilityZones":{"us-east-1":["us-east-1a"]}},
                         {"account":"staging","application":"payments","stack":"api"},
                         {"account":"prod","application":"payments","stack":"worker"}]}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(stage.Account, Is.EqualTo("prod"));
            Assert.That(stage.Accounts, Is.EqualTo(new[] { "prod", "staging" }));
            Assert.That(stage.Artifacts, Is.Null, "the clusters name no image");
        });
    }

    [Test]
    public void Should_list_accounts_when_the_context_names_two()
    {
        var stage = Staged.Stage("createServerGroup", """{"account":"prod","cluster":{"account":"prod-eu","application":"payments"}}""");

        Assert.That(stage.Accounts, Is.EqualTo(new[] { "prod", "prod-eu" }));
    }
}

public sealed class When_a_rollback_stage_restores_a_version
{
    [Test]
    public void Should_name_the_server_group_rollbackServerGroup_restores()
    {
        var stage = Staged.Stage("rollbackServerGroup", """
            {"cloudProvider":"aws","credentials":"prod","regions":["us-east-1"],"serverGroup":"payments-api-v042","rollbackType":"EXPLICIT",
             "rollbackContext":{"rollbackServerGroupName":"payments-api-v042","restoreServerGroupName":"payments-api-v041"}}
            """);

        var restored = stage.Artifacts!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((restored.Type, restored.Name, restored.Version, restored.Reference),
                Is.EqualTo(("spinnaker/server-group", (string?)"payments-api-v041", (string?)"v041", (string?)"payments-api-v041")));
            Assert.That(restored.Metadata, Is.EqualTo(new Dictionary<string, string>
            {
                ["account"] = "prod", ["region"] = "us-east-1", ["rollbackServerGroupName"] = "payments-api-v042", ["rollbackType"] = "EXPLICIT",
            }));
        });
    }

    [Test]
    public void Should_take_the_restored_name_from_the_context_when_there_is_no_rollbackContext() =>
        Assert.That(Staged.Stage("rollbackServerGroup", """{"credentials":"prod","targetServerGroup":"payments-api-v007"}""").Artifacts!.Single().Name,
            Is.EqualTo("payments-api-v007"));

    [Test]
    public void Should_name_nothing_when_the_rollback_does_not_say_what_it_restores() =>
        Assert.That(Staged.Stage("rollbackServerGroup", """{"credentials":"prod","rollbackType":"PREVIOUS_IMAGE"}""").Artifacts, Is.Null);

    [Test]
    public void Should_name_the_manifest_undoRolloutManifest_rolls_back_and_how_far()
    {
        var stage = Staged.Stage("undoRolloutManifest", """
            {"account":"prod-use1","cloudProvider":"kubernetes","location":"checkout","manifestName":"deployment checkout-api","mode":"static","numRevisionsBack":1}
            """);

        var undone = stage.Artifacts!.Single();
        Assert.Multiple(() =>
        {
            Assert.That((undone.Type, undone.Name, undone.Version), Is.EqualTo(("kubernetes/deployment", (string?)"checkout-api", (string?)null)));
            Assert.That(undone.Metadata, Is.EqualTo(new Dictionary<string, string>
                { ["account"] = "prod-use1", ["location"] = "checkout", ["numRevisionsBack"] = "1" }));
        });
    }

    [Test]
    public void Should_take_the_target_revision_as_the_version_when_stated() =>
        Assert.That(Staged.Stage("undoRolloutManifest", """{"account":"prod-use1","manifestName":"replicaSet checkout-api","revision":41}""").Artifacts!.Single().Version,
            Is.EqualTo("41"));
}

public sealed class When_a_stage_neither_deploys_nor_rolls_back
{
    [TestCase("bake")]
    [TestCase("wait")]
    [TestCase("findImage")]
    public void Should_list_no_artifacts_even_when_its_context_has_some(string type) =>
        Assert.That(Staged.Stage(type, """
            {"account":"prod","amiName":"ami-1","deploymentDetails":[{"ami":"ami-1","imageName":"x"}],"artifacts":[{"type":"aws/image","name":"x"}]}
            """).Artifacts, Is.Null);
}
