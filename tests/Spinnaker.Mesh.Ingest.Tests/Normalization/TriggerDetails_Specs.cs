using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Ingest.Normalization;
using static Spinnaker.Mesh.Testing.EchoPayloads;
using static Spinnaker.Mesh.Ingest.Tests.Normalization.Normalizing;

namespace Spinnaker.Mesh.Ingest.Tests.Normalization;

/// <summary>A completed pipeline whose trigger is replaced by one written after the Echo fixtures' trigger shapes.</summary>
internal static class Triggered
{
    public static TriggerInfo By(string triggerJson) => By(JsonNode.Parse(triggerJson)!.AsObject());

    public static TriggerInfo By(JsonObject trigger) =>
        Single<PipelineCompleted>(Change(PipelineCompleted(), e => e.Execution()["trigger"] = trigger)).Record.Execution.Trigger
        ?? throw new AssertionException("no trigger was read");
}

public sealed class When_a_Jenkins_build_triggers_the_pipeline
{
    private TriggerInfo _trigger = null!;

    [OneTimeSetUp]
    public void Normalize() => _trigger = Triggered.By("""
        {"type":"jenkins","user":"[anonymous]","parameters":{},"artifacts":[],"resolvedExpectedArtifacts":[],"master":"ci","job":"checkout-build",
         "buildNumber":1482,
         "buildInfo":{"name":"checkout-build","number":1482,"result":"SUCCESS",
           "scm":[{"name":"origin/release","branch":"release","sha1":"9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6"},
                  {"name":"origin/main","branch":"main","sha1":"0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796"},
                  {"name":"no sha"}]},
         "other":{"type":"jenkins","buildInfo":{"scm":[{"branch":"ignored","sha1":"ffffffff"}]}}}
        """);

    [Test]
    public void Should_list_every_scm_revision_in_order_and_skip_one_without_a_sha() =>
        Assert.That(_trigger.Scm, Is.EqualTo(new[]
        {
            new ScmInfo("9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6", "release"),
            new ScmInfo("0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796", "main"),
        }));

    [Test]
    public void Should_keep_the_first_revision_as_the_commit_sha() =>
        Assert.That(_trigger.CommitSha, Is.EqualTo("9f1c2ab7d4e85f0c3b6a1d2e7f8091a2b3c4d5e6"));

    [Test]
    public void Should_leave_what_the_trigger_does_not_carry_empty() => Assert.Multiple(() =>
    {
        Assert.That(_trigger.Branch, Is.Null);
        Assert.That(_trigger.Parameters, Is.Null, "an empty parameter map is no parameters");
        Assert.That(_trigger.Artifacts, Is.Null);
        Assert.That(_trigger.ParentTrigger, Is.Null);
    });

    [Test]
    public void Should_read_buildInfo_from_other_when_the_top_level_has_none()
    {
        var trigger = Triggered.By("""{"type":"concourse","other":{"buildInfo":{"scm":{"branch":"main","sha1":"4be1c0ffee"}}}}""");

        Assert.That(trigger.Scm, Is.EqualTo(new[] { new ScmInfo("4be1c0ffee", "main") }), "a single scm object counts as one revision");
    }
}

public sealed class When_a_git_trigger_names_its_branch
{
    [Test]
    public void Should_read_the_hash_and_branch()
    {
        var trigger = Triggered.By("""{"type":"git","source":"github","project":"example-org","slug":"checkout-api","branch":"main","hash":"7c2e4a6b"}""");

        Assert.Multiple(() =>
        {
            Assert.That(trigger.Branch, Is.EqualTo("main"));
            Assert.That(trigger.CommitSha, Is.EqualTo("7c2e4a6b"));
            Assert.That(trigger.Scm, Is.Null);
        });
    }

    [Test]
    public void Should_read_the_branch_from_other_too() =>
        Assert.That(Triggered.By("""{"type":"git","other":{"branch":"hotfix/1.8"}}""").Branch, Is.EqualTo("hotfix/1.8"));
}

public sealed class When_the_trigger_carries_parameters
{
    [Test]
    public void Should_give_every_value_as_text_and_lists_and_objects_as_compact_JSON()
    {
        var trigger = Triggered.By("""
            {"type":"manual","parameters":{"imageTag":"1.8.2","GIT_COMMIT":"9f1c2ab","replicas":3,"ratio":0.25,"dryRun":false,
              "regions":[ "us-east-1", "eu-west-1" ],"owner":{ "team": "payments", "name": "Zoë" },"empty":"","unset":null}}
            """);

        Assert.That(trigger.Parameters, Is.EqualTo(new Dictionary<string, string>
        {
            ["imageTag"] = "1.8.2",
            ["GIT_COMMIT"] = "9f1c2ab",
            ["replicas"] = "3",
            ["ratio"] = "0.25",
            ["dryRun"] = "false",
            ["regions"] = """["us-east-1","eu-west-1"]""",
            ["owner"] = """{"team":"payments","name":"Zoë"}""",
            ["empty"] = "",
        }), "a null parameter has no value to give");
    }

    [Test]
    public void Should_skip_parameters_that_are_not_a_map() =>
        Assert.That(Triggered.By("""{"type":"manual","parameters":["imageTag"]}""").Parameters, Is.Null);
}

public sealed class When_the_trigger_carries_artifacts
{
    private TriggerInfo _trigger = null!;

    [OneTimeSetUp]
    public void Normalize() => _trigger = Triggered.By("""
        {"type":"docker","account":"gcr","repository":"acme/checkout-api","tag":"1.8.2",
         "resolvedExpectedArtifacts":[
           {"id":"e1","matchArtifact":{"type":"docker/image","name":"gcr.io/acme/checkout-api"},
            "boundArtifact":{"type":"docker/image","name":"gcr.io/acme/checkout-api","version":"1.8.2","reference":"gcr.io/acme/checkout-api:1.8.2",
                             "metadata":{"sha":"9f1c2ab","labels":{"team":"payments"}}}},
           {"id":"e2","matchArtifact":{"type":"github/file"},"boundArtifact":null}],
         "artifacts":[
           {"type":"docker/image","name":"gcr.io/acme/checkout-api","version":"1.8.2","reference":"gcr.io/acme/checkout-api:1.8.2","metadata":{}},
           {"type":"git/repo","name":"https://github.com/example-org/checkout-api","version":"main","reference":"https://github.com/example-org/checkout-api.git"},
           {"name":"no type"}]}
        """);

    [Test]
    public void Should_list_bound_artifacts_first_then_the_trigger_artifacts_without_repeats()
    {
        Assert.That(_trigger.Artifacts!.Select(a => (a.Type, a.Name, a.Version, a.Reference)), Is.EqualTo(new[]
        {
            ("docker/image", (string?)"gcr.io/acme/checkout-api", (string?)"1.8.2", (string?)"gcr.io/acme/checkout-api:1.8.2"),
            ("git/repo", "https://github.com/example-org/checkout-api", "main", "https://github.com/example-org/checkout-api.git"),
        }));
    }

    [Test]
    public void Should_keep_the_metadata_as_text() =>
        Assert.That(_trigger.Artifacts![0].Metadata, Is.EqualTo(new Dictionary<string, string> { ["sha"] = "9f1c2ab", ["labels"] = """{"team":"payments"}""" }));
}

public sealed class When_a_child_pipeline_is_triggered_by_its_parent
{
    [Test]
    public void Should_read_the_parents_trigger_recursively()
    {
        var trigger = Triggered.By("""
            {"type":"pipeline","parentPipelineStageId":"s1",
             "parentExecution":{"id":"01PARENT","stages":[{"id":"huge"}],
               "trigger":{"type":"pipeline","parentExecution":{"id":"01GRANDPARENT",
                 "trigger":{"type":"git","hash":"7c2e4a6b","branch":"main","parameters":{"gitSha":"7c2e4a6b"}}}}}}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(trigger.ParentExecutionId, Is.EqualTo("01PARENT"));
            Assert.That(trigger.ParentTrigger!.Type, Is.EqualTo("pipeline"));
            Assert.That(trigger.ParentTrigger.ParentExecutionId, Is.EqualTo("01GRANDPARENT"));
            Assert.That(trigger.ParentTrigger.ParentTrigger!.CommitSha, Is.EqualTo("7c2e4a6b"));
            Assert.That(trigger.ParentTrigger.ParentTrigger.Branch, Is.EqualTo("main"));
            Assert.That(trigger.ParentTrigger.ParentTrigger.Parameters!["gitSha"], Is.EqualTo("7c2e4a6b"));
            Assert.That(trigger.ParentTrigger.ParentTrigger.ParentTrigger, Is.Null);
        });
    }

    [Test]
    public void Should_stop_after_a_bounded_number_of_parents()
    {
        var trigger = new JsonObject { ["type"] = "git", ["hash"] = "deepest" };
        for (var level = 0; level < ExecutionReader.MaxParentTriggerDepth + 3; level++)
            trigger = new JsonObject { ["type"] = "pipeline", ["parentExecution"] = new JsonObject { ["id"] = $"p{level}", ["trigger"] = trigger } };

        var read = Triggered.By(trigger);
        var depth = 0;
        for (var parent = read.ParentTrigger; parent is not null; parent = parent.ParentTrigger) depth++;

        Assert.That(depth, Is.EqualTo(ExecutionReader.MaxParentTriggerDepth));
    }

    [Test]
    public void Should_find_the_parent_in_other_as_well()
    {
        var trigger = Triggered.By("""{"type":"pipeline","other":{"parentExecution":{"id":"01PARENT","trigger":{"type":"manual","parameters":{"imageTag":"1.9.0"}}}}}""");

        Assert.That(trigger.ParentTrigger!.Parameters!["imageTag"], Is.EqualTo("1.9.0"));
    }
}
