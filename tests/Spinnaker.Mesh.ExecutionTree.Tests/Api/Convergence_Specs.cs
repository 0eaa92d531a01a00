using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>
/// Echo delivers out of order and more than once. One tenant receives a run in order, another the same run shuffled
/// with every event repeated: both must read the same tree, byte for byte.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_the_events_of_a_run_arrive_shuffled_and_duplicated
{
    private const string ExecutionId = "01HZT3SHUFFLED000000000001";

    private static PipelineRun Run(string tenant) =>
        new PipelineRun(tenant, ExecutionId)
            .Stage("1", "bake", at: 0, seconds: 30)
            .Stage("2", "deploy", at: 31, seconds: 90, after: ["1"], cloudProvider: "aws", account: "prod", regions: ["us-east-1"], cluster: "checkout-prod")
            .Stage("2<1", "createServerGroup", at: 32, seconds: 40, parent: "2", owner: "STAGE_BEFORE")
            .Stage("2>1", "disableCluster", at: 80, seconds: 30, parent: "2", owner: "STAGE_AFTER")
            .Stage("3", "deployManifest", at: 31, seconds: 60, after: ["1"], cloudProvider: "kubernetes", account: "prod-use1")
            .Stage("4", "manualJudgment", at: 122, seconds: 300, after: ["2", "3"]);

    [Test]
    public async Task Should_answer_the_same_tree_json()
    {
        var service = ServiceUnderTest.Service;
        var inOrder = Run("tree-order-a");
        var shuffled = Run("tree-order-b");
        var random = new Random(20240514);
        var deliveries = shuffled.Events().Concat(shuffled.Events()).Concat(shuffled.Events().Where((_, i) => i % 3 == 0))
            .OrderBy(_ => random.Next()).ToList();

        await service.PublishAsync(inOrder.Events());
        await service.PublishAsync(deliveries);
        await service.StoredAsync(inOrder.Tenant, inOrder.Events().Count);
        await service.StoredAsync(shuffled.Tenant, shuffled.Events().Count);

        var expected = await TreeTextAsync(inOrder.Tenant);
        var actual = await TreeTextAsync(shuffled.Tenant);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(expected, Does.Contain("\"criticalPath\""));
    }

    /// <summary>The tree as served, without the one field that differs by design.</summary>
    private static async Task<string> TreeTextAsync(string tenant)
    {
        using var response = await ServiceUnderTest.Service.GetAsync($"api/executions/{ExecutionId}", tenant);
        var tree = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.That(tree["tenant"]!.GetValue<string>(), Is.EqualTo(tenant));
        tree.Remove("tenant");
        return tree.ToJsonString();
    }
}
