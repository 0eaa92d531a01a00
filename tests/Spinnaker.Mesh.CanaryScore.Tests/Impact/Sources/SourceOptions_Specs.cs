using NUnit.Framework;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Sources;

/// <summary>Metric source settings are checked before anything starts; a bad one names its key and never quotes a secret.</summary>
[TestFixture, NonParallelizable]
public sealed class When_a_metric_source_setting_is_wrong
{
    private const string Secret = "s3cret-never-in-a-message";

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string key, string name, params (string Key, string Value)[] settings) => new TestCaseData(key, settings).SetName($"Should_name_{name}");

        yield return Case("Mesh:Impact:Sources:prometheus:Url", "a_missing_url", ("Sources:prometheus:Timeout", "00:00:10"));
        yield return Case("Mesh:Impact:Sources:prometheus:Url", "a_relative_url", ("Sources:prometheus:Url", "prometheus:9090/api"));
        yield return Case("Mesh:Impact:Sources:prometheus:Url", "credentials_in_the_url", ("Sources:prometheus:Url", $"http://mesh:{Secret}@127.0.0.1:9090"));
        yield return Case("Mesh:Impact:Sources:prometheus:BearerToken", "a_token_beside_basic_credentials",
            ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("Sources:prometheus:BearerToken", Secret), ("Sources:prometheus:Username", "mesh"), ("Sources:prometheus:Password", Secret));
        yield return Case("Mesh:Impact:Sources:prometheus:Password", "a_username_without_password",
            ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("Sources:prometheus:Username", "mesh"));
        yield return Case("Mesh:Impact:Sources:prometheus:Timeout", "a_zero_timeout", ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("Sources:prometheus:Timeout", "00:00:00"));
        yield return Case("Mesh:Impact:Sources:prometheus:Retries", "too_many_retries", ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("Sources:prometheus:Retries", "11"));
        yield return Case("Mesh:Impact:Sources:prometheus:RetryDelay", "a_negative_retry_delay", ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("Sources:prometheus:RetryDelay", "-00:00:01"));
        yield return Case("Mesh:Impact:DefaultSource", "no_default_among_two_sources",
            ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("Sources:thanos:Url", "http://127.0.0.1:10902"));
        yield return Case("Mesh:Impact:DefaultSource", "a_default_that_is_not_configured",
            ("Sources:prometheus:Url", "http://127.0.0.1:9090"), ("DefaultSource", "thanos"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Should_refuse_to_start(string key, (string Key, string Value)[] settings)
    {
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
        Assert.That(failure.Message, Does.Not.Contain(Secret));
    }
}
