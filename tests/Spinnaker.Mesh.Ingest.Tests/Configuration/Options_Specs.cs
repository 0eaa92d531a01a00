using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Ingest.Tests.Configuration;

/// <summary>The batch tunables come from configuration (<c>Mesh:Ingest:*</c>) and are checked before anything starts.</summary>
[TestFixture, NonParallelizable]
public sealed class When_an_ingest_batch_tunable_is_out_of_range
{
    [TestCase("BatchMessageLimit", "0")]
    [TestCase("BatchMessageLimit", "1001")]
    [TestCase("BatchTimeLimit", "00:00:00")]
    [TestCase("BatchTimeLimit", "00:01:00")]
    [TestCase("BatchConcurrencyLimit", "0")]
    [TestCase("BatchConcurrencyLimit", "33")]
    public void Should_refuse_to_start_and_name_the_setting(string setting, string value)
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var _ = await MeshProcess.StartAsync(Pipeline.IngestUnderTest.Project, new Dictionary<string, string>
            {
                // Never reached: the options are validated before the store or the bus connects.
                ["ConnectionStrings__postgres"] = "Host=127.0.0.1;Port=9;Username=nobody;Password=none;Database=none",
                ["ConnectionStrings__rabbitmq"] = "amqp://nobody:none@127.0.0.1:9/",
                [$"Mesh__Ingest__{setting}"] = value,
            });
        });
        Assert.That(failure!.Message, Does.Contain($"Mesh:Ingest:{setting}"));
    }
}
