using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>
/// At-least-once delivery: ingest republishes what it may not have published, RabbitMQ redelivers what was not
/// acknowledged. Events already stored must change nothing, not even a row.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_the_same_events_are_delivered_again
{
    private const string Tenant = "tree-redelivery";

    private static readonly PipelineRun Parent = new PipelineRun(Tenant, "01HZT6REDEL1VERPARENT00001")
        .Stage("1", "bake", at: 0, seconds: 30)
        .Stage("2", "deploy", at: 31, seconds: 60, after: ["1"], cloudProvider: "aws", account: "prod", regions: ["us-east-1"])
        .Stage("2<1", "createServerGroup", at: 32, seconds: 20, parent: "2", owner: "STAGE_BEFORE")
        .Stage("3", "pipeline", at: 92, seconds: 60, after: ["2"], childExecutionId: "01HZT6REDEL1VERCH1LD000001");

    private static readonly PipelineRun Child = new PipelineRun(Tenant, "01HZT6REDEL1VERCH1LD000001", pipeline: "Smoke test",
            start: PipelineRun.T0 + TimeSpan.FromSeconds(93),
            trigger: new TriggerInfo("pipeline", "[anonymous]", Parent.ExecutionId, Parent.StageId("3"), null, null, null))
        .Stage("1", "runJob", at: 0, seconds: 50);

    private static readonly string[] Tables = ["executions", "stages", "execution_links", "regressions"];

    [Test]
    public async Task Should_change_no_row_and_no_tree()
    {
        var service = ServiceUnderTest.Service;
        var events = Parent.Events().Concat(Child.Events()).ToList();
        await service.PublishAsync(events);
        await service.StoredAsync(Tenant, events.Count);
        await service.DrainedAsync();
        var rowsBefore = await RowCountsAsync();
        var digestBefore = await ReadModelDigest.OfAsync(service.Database, Tenant, withWriteTimes: true);
        var parentBefore = await TreeTextAsync(Parent.ExecutionId);
        var childBefore = await TreeTextAsync(Child.ExecutionId);

        await service.PublishAsync(events.AsEnumerable().Reverse().Concat(events));
        await service.DrainedAsync();

        Assert.That(await RowCountsAsync(), Is.EqualTo(rowsBefore));
        Assert.That(await ReadModelDigest.OfAsync(service.Database, Tenant, withWriteTimes: true), Is.EqualTo(digestBefore), "no row written again");
        Assert.That(rowsBefore["events"], Is.EqualTo(events.Count));
        Assert.That(rowsBefore[$"stream {Parent.ExecutionId}"], Is.EqualTo(Parent.Events().Count));
        Assert.That(rowsBefore[$"stream {Child.ExecutionId}"], Is.EqualTo(Child.Events().Count));
        Assert.That(rowsBefore["stages"], Is.EqualTo(Parent.Stages.Count + Child.Stages.Count));
        Assert.That(rowsBefore["execution_links"], Is.EqualTo(1), "the pipeline stage and the child's trigger name the same link");
        Assert.That(await TreeTextAsync(Parent.ExecutionId), Is.EqualTo(parentBefore));
        Assert.That(await TreeTextAsync(Child.ExecutionId), Is.EqualTo(childBefore));
    }

    /// <summary>The read model's rows by SQL (statistics read them so), the events and stream versions through Marten.</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var service = ServiceUnderTest.Service;
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
            counts[table] = await service.CountAsync($"SELECT count(*) FROM execution_tree.{table} WHERE tenant = @tenant", Tenant);
        counts["events"] = await service.Store.EventCountAsync(Tenant);
        foreach (var run in new[] { Parent, Child })
            counts[$"stream {run.ExecutionId}"] = await service.Store.StreamVersionAsync(Tenant, run.ExecutionId);
        return counts;
    }

    private static async Task<string> TreeTextAsync(string executionId)
    {
        using var response = await ServiceUnderTest.Service.GetAsync($"api/executions/{executionId}", Tenant);
        return await response.Content.ReadAsStringAsync();
    }
}
