using System.Text.Json;
using NUnit.Framework;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Api.Support;

/// <summary>A fixture that publishes one pipeline run's events, as ingest would, and reads its finished tree over HTTP.</summary>
internal abstract class PublishedRunSpec
{
    protected abstract PipelineRun Run { get; }

    protected JsonElement Tree { get; private set; }

    [OneTimeSetUp]
    public async Task Publish()
    {
        await ServiceUnderTest.Service.PublishAsync(Run.Events());
        Tree = await ServiceUnderTest.Service.CompletedTreeAsync(Run);
    }
}
