using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>
/// A running canary as Mesh saw it when Echo dropped the events of its synthetic stages: the pipeline's start (one
/// <c>kayentaCanary</c> stage planned, no children yet) and one stage event of the second canary run, whose execution
/// snapshot holds the canary's <c>runCanaryIntervals</c> child and the runs below it. The served tree nests them all.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_stage_event_s_snapshot_carries_synthetic_children
{
    private const string Tenant = "tree-snapshot";
    private const string ExecutionId = "01HZT5SNAPSHOT000000000001";
    private static readonly DateTimeOffset T0 = PipelineRun.T0;

    private JsonElement _tree;

    [OneTimeSetUp]
    public async Task Publish()
    {
        await ServiceUnderTest.Service.PublishAsync(Events(Tenant));
        _tree = await ServiceUnderTest.Service.TreeAsync(Tenant, ExecutionId,
            tree => tree.GetProperty("stages").EnumerateArray().Any(s => s.GetProperty("children").GetArrayLength() > 0),
            "the canary stage to show its synthetic children");
    }

    [Test]
    public void Should_nest_the_intervals_stage_under_the_canary_and_the_runs_under_it()
    {
        var canary = _tree.GetProperty("stages").EnumerateArray().Single();
        var intervals = canary.GetProperty("children").EnumerateArray().Single();
        var runs = intervals.GetProperty("children").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(canary.GetProperty("refId").GetString(), Is.EqualTo("1"));
            Assert.That(canary.GetProperty("status").GetString(), Is.EqualTo("RUNNING"));
            Assert.That(intervals.GetProperty("refId").GetString(), Is.EqualTo("1<1"));
            Assert.That(intervals.GetProperty("syntheticStageOwner").GetString(), Is.EqualTo("STAGE_BEFORE"));
            Assert.That(runs.Select(r => (r.GetProperty("refId").GetString(), r.GetProperty("type").GetString(), r.GetProperty("status").GetString())),
                Is.EqualTo(new[] { ((string?)"1<1<1", (string?)"wait", (string?)"SUCCEEDED"), ("1<1<2", "runCanary", "SUCCEEDED"), ("1<1<3", "runCanary", "RUNNING") }));
            Assert.That(runs[1].GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()),
                Is.EqualTo(new[] { "SUCCEEDED", "SUCCEEDED" }), "the snapshot's tasks of a stage whose own events never arrived");
        });
    }

    [Test]
    public async Task Should_answer_the_same_tree_whatever_the_order_and_repetition_of_the_events()
    {
        const string shuffledTenant = "tree-snapshot-shuffled";
        var events = Events(shuffledTenant);
        await ServiceUnderTest.Service.PublishAsync(events.Reverse().Concat(events).Concat(events.Reverse()));
        var expected = WithoutTenant(_tree);
        var tree = await ServiceUnderTest.Service.TreeAsync(shuffledTenant, ExecutionId,
            json => WithoutTenant(json) == expected, "the reversed and repeated events to give the same tree");
        Assert.That(WithoutTenant(tree), Is.EqualTo(expected));
    }

    /// <summary>The two events Mesh received, as ingest publishes them.</summary>
    private static IReadOnlyList<object> Events(string tenant)
    {
        StageInfo[] snapshot =
        [
            Stage("1", "kayentaCanary", "RUNNING", 10, null, tasks: [Task("1", "aggregateCanaryResults", "NOT_STARTED", null, null)]),
            Stage("1<1", "runCanaryIntervals", "RUNNING", 11, null, parent: "1", tasks: [Task("1", "runCanaryIntervals", "RUNNING", 12, null)]),
            Stage("1<1<1", "wait", "SUCCEEDED", 12, 1_812, parent: "1<1", tasks: [Task("1", "wait", "SUCCEEDED", 13, 1_811)]),
            Stage("1<1<2", "runCanary", "SUCCEEDED", 1_813, 1_900, after: ["1<1<1"], parent: "1<1",
                tasks: [Task("1", "runCanary", "SUCCEEDED", 1_814, 1_830), Task("2", "monitorCanary", "SUCCEEDED", 1_831, 1_899)]),
            Stage("1<1<3", "runCanary", "RUNNING", 1_901, null, after: ["1<1<2"], parent: "1<1", tasks: [Task("1", "runCanary", "RUNNING", 1_902, null)]),
        ];
        var running = Execution(tenant);
        var planned = new PipelineStarted(Id(tenant, "pipeline-started"), T0, running,
            [Stage("1", "kayentaCanary", "NOT_STARTED", null, null, tasks: [])]);
        var secondRun = snapshot[^1];
        // As ingest writes it: the event's own stage once, as its Stage; the snapshot's other stages beside it.
        var started = new StageStarted(Id(tenant, "stage-started", secondRun.Id), secondRun.StartTime!.Value, running, secondRun, snapshot[..^1]);
        return [planned, started];
    }

    private static ExecutionInfo Execution(string tenant) => new(
        tenant, "checkout", ExecutionId, "PIPELINE", "Canary checkout-api", "canary config", "RUNNING", T0, null,
        new TriggerInfo("manual", "alice@example.com", null, null, null, null, null), null, false, null, null);

    private static StageInfo Stage(string refId, string type, string status, double? at, double? endAt, string[]? after = null,
        string? parent = null, TaskInfo[]? tasks = null) => new(
        StageId(refId), refId, type, $"{type} {refId}", status, Time(at), Time(endAt), after ?? [],
        parent is null ? null : StageId(parent), parent is null ? null : "STAGE_BEFORE", null, null, [], null, null, [], tasks ?? [], null, null);

    private static TaskInfo Task(string id, string name, string status, double? at, double? endAt) => new(id, name, status, Time(at), Time(endAt), null);

    private static string StageId(string refId) => $"{ExecutionId}-{refId}";

    private static DateTimeOffset? Time(double? seconds) => seconds is { } s ? T0 + TimeSpan.FromSeconds(s) : null;

    private static Guid Id(params string[] parts) => new(MD5.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts))));

    private static string WithoutTenant(JsonElement tree)
    {
        var node = JsonNode.Parse(tree.GetRawText())!.AsObject();
        node.Remove("tenant");
        return node.ToJsonString();
    }
}
