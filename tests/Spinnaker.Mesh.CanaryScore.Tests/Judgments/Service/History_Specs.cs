using Spinnaker.Mesh.Testing;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments.Service;

/// <summary>
/// Five judged runs of two services and two configs, an hour apart, scored at and around the thresholds (pass 90,
/// marginal 75), and one run of another application.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class Listing_the_canary_score_history
{
    private const string Tenant = "canary-history";
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly (string Id, string Scope, string ConfigId, string ConfigName, double Score, int Hour)[] Runs =
    [
        ("h-1", "checkout-api-canary-v001", "cfg-latency", "checkout-latency", 90, 0),
        ("h-2", "checkout-api-canary-v002", "cfg-latency", "checkout-latency", 75, 1),
        ("h-3", "checkout-api-canary-v003", "cfg-errors", "checkout-errors", 74.99, 2),
        ("h-4", "cart-canary-v010", "cfg-latency", "checkout-latency", 89.99, 3),
        ("h-5", "checkout-api-canary-v004", "cfg-latency", "checkout-latency", 100, 4),
    ];

    [OneTimeSetUp]
    public async Task PostTheRuns()
    {
        var service = ServiceUnderTest.Service;
        foreach (var run in Runs)
            await service.PostKayentaAsync(Tenant, KayentaStatuses.Succeeded(run.Id, run.Score, experimentScope: run.Scope,
                configId: run.ConfigId, configName: run.ConfigName, endTime: T0.AddHours(run.Hour)));
        await service.PostKayentaAsync(Tenant, KayentaStatuses.Succeeded("other-app", 99, application: "billing", endTime: T0));
        await service.ListAsync("api/canary/scores?application=checkout", Tenant, "judgments", Runs.Length);
        await service.JudgmentAsync(Tenant, "other-app");
    }

    private static async Task<string?[]> IdsAsync(string query)
    {
        var list = await ServiceUnderTest.Service.GetJsonAsync($"api/canary/scores?{query}", Tenant);
        return [.. list.GetProperty("judgments").EnumerateArray().Select(j => j.GetProperty("judgmentId").GetString())];
    }

    [Test]
    public async Task Should_list_the_applications_runs_newest_first() =>
        Assert.That(await IdsAsync("application=checkout"), Is.EqualTo(new[] { "h-5", "h-4", "h-3", "h-2", "h-1" }));

    [Test]
    public async Task Should_filter_by_service() =>
        Assert.That(await IdsAsync("application=checkout&service=cart"), Is.EqualTo(new[] { "h-4" }));

    [Test]
    public async Task Should_filter_by_config_id_or_name()
    {
        Assert.That(await IdsAsync("application=checkout&config=cfg-errors"), Is.EqualTo(new[] { "h-3" }));
        Assert.That(await IdsAsync("application=checkout&config=checkout-errors"), Is.EqualTo(new[] { "h-3" }));
    }

    [Test]
    public async Task Should_filter_by_judged_time_both_ends_included() =>
        Assert.That(await IdsAsync("application=checkout&from=2024-06-01T11:00:00Z&to=2024-06-01T13:00:00%2B00:00"), Is.EqualTo(new[] { "h-4", "h-3", "h-2" }));

    [Test]
    public async Task Should_answer_at_most_the_limit() =>
        Assert.That(await IdsAsync("application=checkout&limit=2"), Is.EqualTo(new[] { "h-5", "h-4" }));

    [Test]
    public async Task Should_classify_at_the_thresholds_as_Kayenta_does()
    {
        var list = await ServiceUnderTest.Service.GetJsonAsync("api/canary/scores?application=checkout", Tenant);
        var labels = list.GetProperty("judgments").EnumerateArray()
            .ToDictionary(j => j.GetProperty("judgmentId").GetString()!, j => j.GetProperty("classification").GetString());
        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["h-1"] = "Pass", ["h-2"] = "Marginal", ["h-3"] = "Fail", ["h-4"] = "Marginal", ["h-5"] = "Pass",
        }));
    }

    [Test]
    public async Task Should_keep_tenants_apart()
    {
        var list = await ServiceUnderTest.Service.GetJsonAsync("api/canary/scores?application=checkout", "someone-else");
        Assert.That(list.GetProperty("judgments").GetArrayLength(), Is.Zero);
    }

    [TestCase("", "application")]
    [TestCase("service=cart", "application")]
    [TestCase("application=checkout&from=yesterday", "from")]
    [TestCase("application=checkout&to=2024-13-01", "to")]
    [TestCase("application=checkout&from=2024-06-02T00:00:00Z&to=2024-06-01T00:00:00Z", "from")]
    [TestCase("application=checkout&limit=0", "limit")]
    [TestCase("application=checkout&limit=1001", "limit")]
    [TestCase("application=checkout&limit=ten", "limit")]
    public async Task Should_answer_400_naming_the_field(string query, string field)
    {
        using var response = await ServiceUnderTest.Service.GetAsync($"api/canary/scores?{query}", Tenant);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_run()
    {
        using var response = await ServiceUnderTest.Service.GetAsync("api/canary/scores/no-such-run", Tenant);
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}
