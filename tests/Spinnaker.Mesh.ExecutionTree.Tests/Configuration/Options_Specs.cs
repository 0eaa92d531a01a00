using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Configuration;

/// <summary>
/// The service's tunables come from configuration (<c>Mesh:ExecutionTree:*</c>) and are checked before anything
/// starts: a bad value stops the process with a message naming the key.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class When_a_tunable_is_out_of_range
{
    [TestCase("BatchMessageLimit", "0")]
    [TestCase("BatchTimeLimit", "00:00:00")]
    [TestCase("BatchConcurrencyLimit", "-1")]
    [TestCase("Regressions:RecentRuns", "2")]
    [TestCase("Regressions:BaselineRuns", "0")]
    [TestCase("Regressions:BaselineRuns", "1000")]
    // Above the default 30-run baseline window: the rule could never judge.
    [TestCase("Regressions:MinimumBaselineRuns", "31")]
    [TestCase("Regressions:MinimumRatio", "1")]
    [TestCase("Regressions:SignificanceLevel", "1")]
    // Below 1 / C(15, 5) ≈ 0.00033, the smallest p-value 5 recent runs against 10 baseline runs can give.
    [TestCase("Regressions:SignificanceLevel", "0.0001")]
    public void Should_refuse_to_start_and_name_the_setting(string setting, string value)
    {
        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var _ = await MeshCatalog.Named("execution-tree").StartAsync(new Dictionary<string, string>
            {
                // Never reached: the options are validated before the store or the bus connects.
                ["ConnectionStrings__postgres"] = "Host=127.0.0.1;Port=9;Username=nobody;Password=none;Database=none",
                ["ConnectionStrings__rabbitmq"] = "amqp://nobody:none@127.0.0.1:9/",
                [$"Mesh__ExecutionTree__{setting.Replace(":", "__")}"] = value,
            });
        });
        Assert.That(failure!.Message, Does.Contain($"Mesh:ExecutionTree:{setting}"));
    }
}
