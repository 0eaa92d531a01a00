using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.Rollback.Tests.Incidents;

/// <summary>The incident settings are checked before anything starts; a bad value names its key.</summary>
[TestFixture, NonParallelizable]
public sealed class When_an_incident_setting_is_out_of_range
{
    [TestCase("JoinWindow", "00:00:00")]
    [TestCase("JoinWindow", "31.00:00:00")]
    [TestCase("HistoryPerPipeline", "1")]
    [TestCase("ConcurrentMessageLimit", "0")]
    public void Should_refuse_to_start_and_name_the_setting(string setting, string value)
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var _ = await MeshCatalog.Named("rollback").StartAsync(new Dictionary<string, string>
            {
                // Never reached: the options are validated before the store or the bus connects.
                ["ConnectionStrings__postgres"] = "Host=127.0.0.1;Port=9;Username=nobody;Password=none;Database=none",
                ["ConnectionStrings__rabbitmq"] = "amqp://nobody:none@127.0.0.1:9/",
                [$"Mesh__Rollback__Incidents__{setting}"] = value,
            });
        });
        Assert.That(failure!.Message, Does.Contain($"Mesh:Rollback:Incidents:{setting}"));
    }
}
