using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.EndToEnd.Tests;

/// <summary>Echo's event goes in at the gateway; the execution tree comes out of the gateway, built by execution-tree.</summary>
[TestFixture, NonParallelizable]
public sealed class When_Echo_posts_a_pipeline_with_parallel_branches
{
    private MeshUnderTest _mesh = null!;

    [OneTimeSetUp]
    public async Task Start() => _mesh = await MeshUnderTest.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _mesh.DisposeAsync();

    [Test]
    public async Task Should_answer_its_tree_with_branches_and_critical_path_through_the_gateway()
    {
        // Stages: 1 -> {2 us-east-1, 3 us-west-2} -> 4 bake time.
        await _mesh.ProcessedAsync(await _mesh.AcceptAsync(EchoPayloads.PipelineCompletedWithParallelBranches()));

        var tree = await Eventually.GetAsync(async () =>
        {
            using var response = await _mesh.GetAsync($"api/executions/{EchoPayloads.ParallelExecutionId}");
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : (JsonElement?)null;
        }, t => t is not null, TimeSpan.FromSeconds(20), $"execution-tree to answer the execution\n{_mesh.Logs}") ?? default;

        Assert.That(tree.GetProperty("status").GetString(), Is.EqualTo("SUCCEEDED"));
        Assert.That(tree.GetProperty("application").GetString(), Is.EqualTo(EchoPayloads.Application));
        Assert.That(tree.GetProperty("trigger").GetProperty("type").GetString(), Is.EqualTo("jenkins"));
        Assert.That(RefIds(tree.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("refId"))), Is.EquivalentTo(new[] { "1", "2", "3", "4" }));

        var branches = tree.GetProperty("branches").EnumerateArray().ToList();
        Assert.That(branches.Select(b => string.Join(",", RefIds(b.GetProperty("stageRefIds").EnumerateArray()))), Is.EquivalentTo(new[] { "2", "3" }));
        Assert.That(branches.Select(b => b.GetProperty("joinRefId").GetString()), Is.All.EqualTo("4"));
        Assert.That(branches.SelectMany(b => RefIds(b.GetProperty("forkRefIds").EnumerateArray())), Is.All.EqualTo("1"));

        // Both deploys took 41.49 s, so either is critical; the path's length does not depend on which.
        var path = tree.GetProperty("criticalPath");
        var refIds = RefIds(path.GetProperty("stageRefIds").EnumerateArray()).ToList();
        Assert.That(refIds, Has.Count.EqualTo(3));
        Assert.That(refIds[0], Is.EqualTo("1"));
        Assert.That(refIds[1], Is.AnyOf("2", "3"));
        Assert.That(refIds[2], Is.EqualTo("4"));
        Assert.That(path.GetProperty("durationMs").GetInt64(), Is.EqualTo(392 + 41_490 + 300_180));

        var list = await _mesh.GetJsonAsync("api/executions?application=checkout");
        Assert.That(list.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("id").GetString()),
            Does.Contain(EchoPayloads.ParallelExecutionId));

        // The gateway routes the rest of execution-tree's API to it too (GetJsonAsync asserts a success status).
        foreach (var route in new[]
        {
            "api/regressions?application=checkout", "api/pipelines/stats?application=checkout", "api/stages/failures",
            "api/gates", "api/templates/stats",
        })
            await _mesh.GetJsonAsync(route);
    }

    private static IEnumerable<string?> RefIds(IEnumerable<JsonElement> values) => values.Select(v => v.GetString());
}
