using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Series;

/// <summary>The series and Prometheus API settings are checked before anything starts; a bad value names its key.</summary>
[TestFixture, NonParallelizable]
public sealed class When_a_series_setting_is_out_of_range
{
    [TestCase("Prometheus:LookbackDelta", "00:00:00")]
    [TestCase("Prometheus:MaxSeries", "0")]
    [TestCase("Prometheus:QueryTimeout", "01:00:00")]
    [TestCase("ExecutionSeries:BatchMessageLimit", "0")]
    [TestCase("AccountEnvironments:prod-use1", " ")]
    public void Should_refuse_to_start_and_name_the_setting(string setting, string value)
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var _ = await MeshCatalog.Named("canary-score").StartAsync(new Dictionary<string, string>
            {
                // Never reached: the options are validated before the store or the bus connects.
                ["ConnectionStrings__postgres"] = "Host=127.0.0.1;Port=9;Username=nobody;Password=none;Database=none",
                ["ConnectionStrings__rabbitmq"] = "amqp://nobody:none@127.0.0.1:9/",
                [$"Mesh__CanaryScore__{setting.Replace(":", "__")}"] = value,
            });
        });
        var key = setting.StartsWith("AccountEnvironments", StringComparison.Ordinal) ? "Mesh:CanaryScore:AccountEnvironments" : $"Mesh:CanaryScore:{setting}";
        Assert.That(failure!.Message, Does.Contain(key));
    }
}
