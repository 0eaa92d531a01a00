using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>A configured policy is checked at start by the rules a PUT obeys; a bad one names its key.</summary>
[TestFixture, NonParallelizable]
public sealed class When_a_configured_impact_policy_is_wrong
{
    private const string Policy = "Mesh:Impact:Policies:checkout";

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string key, string name, params (string Key, string Value)[] changes) => new TestCaseData(key, changes).SetName($"Should_name_{name}");

        yield return Case($"{Policy}:source", "a_source_that_is_not_configured", ("Source", "thanos"));
        yield return Case($"{Policy}:productionAccounts", "a_policy_without_production", ("ProductionAccounts:0", ""));
        yield return Case($"{Policy}:step", "a_step_longer_than_the_window", ("Step", "01:00:00"));
        yield return Case($"{Policy}:slis:0:query", "an_unknown_placeholder", ("Slis:0:Query", "up{app=\"${app}\"}"));
        yield return Case($"{Policy}:slis:0:badDirection", "a_wrong_bad_direction", ("Slis:0:BadDirection", "worse"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Should_refuse_to_start(string key, (string Key, string Value)[] changes)
    {
        var settings = new Dictionary<string, string>
        {
            ["Sources:prometheus:Url"] = "http://127.0.0.1:9090",
            ["Policies:checkout:ProductionAccounts:0"] = "prod-us",
            ["Policies:checkout:Slis:0:Name"] = "error rate",
            ["Policies:checkout:Slis:0:Query"] = "sum(rate(http_requests_total{app=\"${application}\",code=~\"5..\"}[1m]))",
            ["Policies:checkout:Slis:0:BadDirection"] = "increase",
        };
        foreach (var (setting, value) in changes)
            if (value.Length == 0) settings.Remove($"Policies:checkout:{setting}");
            else settings[$"Policies:checkout:{setting}"] = value;
        var environment = new Dictionary<string, string>
        {
            // Never reached: the options are validated before the store or the bus connects.
            ["ConnectionStrings__postgres"] = "Host=127.0.0.1;Port=9;Username=nobody;Password=none;Database=none",
            ["ConnectionStrings__rabbitmq"] = "amqp://nobody:none@127.0.0.1:9/",
        };
        foreach (var (setting, value) in settings) environment[$"Mesh__Impact__{setting.Replace(":", "__")}"] = value;

        var failure = Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var _ = await MeshCatalog.Named("canary-score").StartAsync(environment);
        });

        Assert.That(failure!.Message, Does.Contain(key + ":"));
    }
}
