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

/// <summary>
/// Events stored before triggers, stages and pushes gained their trailing members still read, with those members
/// absent; and new events read back whole. Uses the serializer the Mesh event stores are configured with.
/// </summary>
public sealed class When_events_stored_without_the_new_members_are_read
{
    private readonly StoreOptions _store = new();

    [OneTimeSetUp]
    public void ConfigureAsTheStoresDo() => _store.UseSystemTextJsonForSerialization(enumStorage: EnumStorage.AsString, casing: Casing.CamelCase);

    private T Read<T>(string json) => _store.Serializer().FromJson<T>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Test]
    public void Should_read_an_old_trigger_with_the_new_members_absent()
    {
        var trigger = Read<TriggerInfo>("""
            {"type":"jenkins","user":"[anonymous]","parentExecutionId":null,"parentPipelineStageId":null,"correlationId":null,"buildNumber":1482,"commitSha":"4be1c0ffee"}
            """);

        Assert.That(trigger, Is.EqualTo(new TriggerInfo("jenkins", "[anonymous]", null, null, null, 1482, "4be1c0ffee")));
    }

    [Test]
    public void Should_read_an_old_stage_with_the_new_members_absent()
    {
        var stage = Read<StageInfo>("""
            {"id":"01S","refId":"1","type":"deployManifest","name":"Deploy","status":"SUCCEEDED","startTime":"2024-05-14T15:00:00+00:00","endTime":null,
             "requisiteStageRefIds":[],"parentStageId":null,"syntheticStageOwner":null,"cloudProvider":"kubernetes","account":"prod-use1","regions":[],
             "cluster":null,"serverGroup":null,"errors":[],"tasks":[],"judgment":null,"childExecutionId":null}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(stage.Account, Is.EqualTo("prod-use1"));
            Assert.That(stage.Accounts, Is.Null);
            Assert.That(stage.Artifacts, Is.Null);
            Assert.That(stage.Canary, Is.Null);
        });
    }

    [Test]
    public void Should_read_an_old_git_push_with_the_new_members_absent()
    {
        var push = Read<GitPushObserved>("""
            {"eventId":"3e9f1a7c-2b4d-4c6e-8f0a-1b3d5e7f9a2c","occurredAt":"2024-05-14T16:00:00+00:00","tenant":"acme","source":"github",
             "repoProject":"example-org","slug":"checkout-api","branch":"main","commitSha":"7c2e4a6b","action":"push:push"}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(push.CommitSha, Is.EqualTo("7c2e4a6b"));
            Assert.That(push.Commits, Is.Null);
            Assert.That(push.Before, Is.Null);
        });
    }

    [Test]
    public void Should_read_a_new_event_back_with_everything_it_carried()
    {
        var payload = Change(PipelineCompletedWithParallelBranches(), e =>
        {
            e.Execution()["trigger"]!["parameters"] = new JsonObject { ["gitSha"] = "4be1c0ffee" };
            e.Execution()["stages"]![1]!["context"]!["manifests"] = JsonNode.Parse(
                """[{"kind":"Deployment","spec":{"template":{"spec":{"containers":[{"image":"registry.example.com/checkout-api:1.8.2"}]}}}}]""");
        });
        var completed = Single<PipelineCompleted>(payload).Record;
        var serializer = _store.Serializer();

        var json = serializer.ToJson(completed);
        var read = serializer.FromJson<PipelineCompleted>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Multiple(() =>
        {
            Assert.That(serializer.ToJson(read), Is.EqualTo(json));
            Assert.That(read.Execution.Trigger!.Scm, Is.Not.Empty);
            Assert.That(read.Execution.Trigger.Parameters!["gitSha"], Is.EqualTo("4be1c0ffee"));
            Assert.That(read.Stages.Where(s => s.Artifacts is not null), Is.Not.Empty);
        });
    }
}
