using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api;

/// <summary>A parent's <c>pipeline</c> stage starts a child pipeline; either may be heard of first.</summary>
internal static class ParentAndChild
{
    public const string Tenant = "tree-links";

    public static PipelineRun Parent(string parentId, string? childId) =>
        new PipelineRun(Tenant, parentId, pipeline: "Release")
            .Stage("1", "pipeline", at: 0, seconds: 120, childExecutionId: childId)
            .Stage("2", "wait", at: 121, seconds: 5, after: ["1"]);

    public static PipelineRun Child(string childId, string parentId) =>
        new PipelineRun(Tenant, childId, pipeline: "Deploy to staging", start: PipelineRun.T0 + TimeSpan.FromSeconds(1),
                trigger: new TriggerInfo("pipeline", "[anonymous]", parentId, $"{parentId}-1", null, null, null))
            .Stage("1", "deployManifest", at: 0, seconds: 100);

    public static IEnumerable<string?> Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());
}

[TestFixture, NonParallelizable]
public sealed class When_a_parent_pipeline_is_heard_of_before_its_child
{
    private const string ParentId = "01HZT1PARENTF1RST0000000001";
    private const string ChildId = "01HZT1CH1LDSECOND000000001";

    [Test]
    public async Task Should_link_them_both_ways()
    {
        var service = ServiceUnderTest.Service;
        var parent = ParentAndChild.Parent(ParentId, ChildId);
        await service.PublishAsync(parent.Events());
        var parentTree = await service.CompletedTreeAsync(parent);
        Assert.That(ParentAndChild.Ids(parentTree.GetProperty("childExecutionIds")), Is.EqualTo(new[] { ChildId }), "from its own pipeline stage");

        await service.PublishAsync(ParentAndChild.Child(ChildId, ParentId).Events());
        var childTree = await service.CompletedTreeAsync(ParentAndChild.Child(ChildId, ParentId));
        parentTree = await service.CompletedTreeAsync(parent);

        Assert.That(childTree.GetProperty("parentExecutionId").GetString(), Is.EqualTo(ParentId));
        Assert.That(ParentAndChild.Ids(parentTree.GetProperty("childExecutionIds")), Is.EqualTo(new[] { ChildId }));
        var stage = parentTree.GetProperty("stages")[0];
        Assert.That(stage.GetProperty("childExecutionId").GetString(), Is.EqualTo(ChildId));
    }
}

[TestFixture, NonParallelizable]
public sealed class When_a_child_pipeline_is_heard_of_before_its_parent
{
    private const string ParentId = "01HZT2PARENTSECOND00000001";
    private const string ChildId = "01HZT2CH1LDF1RST0000000001";

    [Test]
    public async Task Should_link_them_both_ways_even_when_the_parent_never_names_the_child()
    {
        var service = ServiceUnderTest.Service;
        var child = ParentAndChild.Child(ChildId, ParentId);
        await service.PublishAsync(child.Events());
        var childTree = await service.CompletedTreeAsync(child);
        Assert.That(childTree.GetProperty("parentExecutionId").GetString(), Is.EqualTo(ParentId), "from its own trigger");

        // The parent's events were sent before Orca recorded the child's id in the pipeline stage.
        var parent = ParentAndChild.Parent(ParentId, childId: null);
        await service.PublishAsync(parent.Events());
        var parentTree = await service.CompletedTreeAsync(parent);
        childTree = await service.CompletedTreeAsync(child);

        Assert.That(ParentAndChild.Ids(parentTree.GetProperty("childExecutionIds")), Is.EqualTo(new[] { ChildId }));
        Assert.That(childTree.GetProperty("parentExecutionId").GetString(), Is.EqualTo(ParentId));
    }
}
