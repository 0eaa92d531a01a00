using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.Testing;
using Spinnaker.Mesh.CanaryScore.Impact.Assessment;
using static Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service.ServiceUnderTest;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Assessment.Service;

internal static class ImpactJson
{
    public static string Verdict(this JsonElement impact) => impact.GetProperty("verdict").GetString()!;
    public static JsonElement OnlySli(this JsonElement impact) => impact.GetProperty("slis").EnumerateArray().Single();
    public static JsonElement Sli(this JsonElement impact, string name) => impact.GetProperty("slis").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
    public static string Text(this JsonElement element, string member) => element.GetProperty(member).GetString()!;
}

[TestFixture]
public sealed class A_clean_production_deploy
{
    private const string Tenant = "impact-clean";

    [Test]
    public async Task Should_pass_with_each_sli_s_medians_and_be_published_once()
    {
        await Impacts.PutPolicyAsync(Tenant, Checkout, "prom",
            ImpactService.Sli("p99 latency", LatencyQuery, "increase"),
            ImpactService.Sli("success rate", SuccessRateQuery(byNamespace: false), "decrease", allowedChangePercent: 5));
        var deploy = await Impacts.DeployAsync(Tenant, Checkout, "clean-1", Timeline.DeployStart, Timeline.DeployEnd);
        await Impacts.PublishAsync(deploy); // redelivered

        var impact = await Impacts.ImpactAsync(Tenant, "clean-1");

        Assert.Multiple(() =>
        {
            Assert.That(impact.Verdict(), Is.EqualTo("Pass"), impact.ToString());
            Assert.That(impact.GetProperty("score").GetDouble(), Is.EqualTo(100));
            Assert.That((impact.Text("application"), impact.Text("environment"), impact.Text("account")), Is.EqualTo((Checkout, "production", "prod-us")));
            var latency = impact.Sli("p99 latency");
            Assert.That(latency.Text("classification"), Is.EqualTo("Pass"));
            // 40 requests a sample spread over 0.05–0.15 s: the 99th percentile interpolates inside the (0.1, 0.2] bucket.
            Assert.That(latency.GetProperty("beforeMedian").GetDouble(), Is.InRange(0.15, 0.2));
            Assert.That(latency.GetProperty("ratio").GetDouble(), Is.EqualTo(1).Within(0.05));
            Assert.That(impact.Sli("success rate").GetProperty("afterMedian").GetDouble(), Is.EqualTo(0.99).Within(0.02));
            Assert.That(impact.GetProperty("beforeWindow").Text("end"), Is.EqualTo(impact.Text("deployStartedAt")));
            Assert.That(impact.GetProperty("afterWindow").GetProperty("start").GetDateTimeOffset(), Is.EqualTo(Timeline.DeployEnd + TimeSpan.FromSeconds(1)));
        });
        var published = await Eventually.GetAsync(() => Task.FromResult(Impacts.Messages.AssessedOf(Tenant)), m => m.Count > 0, TimeSpan.FromSeconds(30));
        Assert.That(published.Single().Message.Verdict, Is.EqualTo("Pass"));
        Assert.That(published.Single().MessageId, Is.EqualTo(published.Single().Message.EventId));
        await Impacts.IdleAsync();
        Assert.That(await Impacts.StoredEventsAsync(Tenant, "clean-1"), Is.EqualTo(2), "scheduled once, assessed once");
        Assert.That(await Impacts.PublicationsAsync(Tenant, ImpactOutbox.DegradedKind), Is.Zero);
    }
}

[TestFixture]
public sealed class A_deploy_after_which_latency_jumps
{
    private const string Tenant = "impact-latency";

    [Test]
    public async Task Should_fail_and_publish_DeploymentDegraded_naming_the_sli()
    {
        await Impacts.PutPolicyAsync(Tenant, Cart, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        await Impacts.DeployAsync(Tenant, Cart, "slow-1", Timeline.DeployStart, Timeline.DeployEnd);

        var impact = await Impacts.ImpactAsync(Tenant, "slow-1");

        var sli = impact.OnlySli();
        Assert.Multiple(() =>
        {
            Assert.That(impact.Verdict(), Is.EqualTo("Fail"), impact.ToString());
            Assert.That(sli.Text("classification"), Is.EqualTo("High"));
            Assert.That(sli.GetProperty("afterMedian").GetDouble(), Is.InRange(0.45, 0.5), "requests of 0.3–0.5 s");
            Assert.That(sli.GetProperty("ratio").GetDouble(), Is.GreaterThan(2));
            Assert.That(impact.Text("reason"), Does.Contain("'p99 latency' (High"));
        });
        var degraded = await Eventually.GetAsync(() => Task.FromResult(Impacts.Messages.DegradedOf(Tenant)), m => m.Count > 0,
            TimeSpan.FromSeconds(30), $"DeploymentDegraded\n{Impacts.Logs}");
        var message = degraded.Single();
        Assert.Multiple(() =>
        {
            Assert.That((message.Message.ExecutionId, message.Message.Application, message.Message.Cluster), Is.EqualTo(("slow-1", Cart, "cart-api")));
            Assert.That(message.Message.DegradedSlis.Select(s => (s.Name, s.Classification)), Is.EqualTo(new[] { ("p99 latency", "High") }));
            Assert.That(message.MessageId, Is.EqualTo(message.Message.EventId));
            Assert.That(message.Message.EventId, Is.EqualTo(DeploymentImpactStreams.DegradedId(Tenant, "slow-1", "slow-1-deploy")));
        });
        // Each message type has its own exchange and queue: the assessment may arrive after the degradation.
        var assessed = await Eventually.GetAsync(() => Task.FromResult(Impacts.Messages.AssessedOf(Tenant)), m => m.Count > 0, TimeSpan.FromSeconds(30));
        Assert.That(assessed.Single().Message.Verdict, Is.EqualTo("Fail"));
    }
}

[TestFixture]
public sealed class A_deploy_after_which_the_success_rate_drops
{
    private const string Tenant = "impact-errors";

    [Test]
    public async Task Should_fail_the_sli_whose_decrease_is_bad()
    {
        await Impacts.PutPolicyAsync(Tenant, Payments, "prom",
            ImpactService.Sli("success rate", SuccessRateQuery(byNamespace: true), "decrease", allowedChangePercent: 5));
        // A manifest deploy on a shared cluster account: production by its namespace.
        await Impacts.DeployAsync(Tenant, Payments, "errors-1", Timeline.DeployStart, Timeline.DeployEnd,
            type: "deployManifest", account: "k8s-shared", ns: PaymentsNamespace);

        var impact = await Impacts.ImpactAsync(Tenant, "errors-1");

        var sli = impact.OnlySli();
        Assert.That(impact.Verdict(), Is.EqualTo("Fail"), impact.ToString());
        Assert.That(sli.Text("classification"), Is.EqualTo("Low"));
        Assert.That(sli.GetProperty("beforeMedian").GetDouble(), Is.EqualTo(0.99).Within(0.02));
        Assert.That(sli.GetProperty("afterMedian").GetDouble(), Is.EqualTo(0.75).Within(0.05));
        Assert.That(impact.Text("namespace"), Is.EqualTo(PaymentsNamespace));
        await Eventually.GetAsync(() => Task.FromResult(Impacts.Messages.DegradedOf(Tenant)), m => m.Count == 1, TimeSpan.FromSeconds(30));
    }
}

[TestFixture]
public sealed class A_deploy_without_data
{
    private const string Tenant = "impact-nodata";

    [Test]
    public async Task Should_be_inconclusive_and_raise_no_alarm()
    {
        await Impacts.PutPolicyAsync(Tenant, Search, "prom",
            ImpactService.Sli("p99 latency", LatencyQuery, "increase", critical: true),
            ImpactService.Sli("success rate", SuccessRateQuery(byNamespace: false), "decrease"));
        await Impacts.DeployAsync(Tenant, Search, "silent-1", Timeline.DeployStart, Timeline.DeployEnd);

        var impact = await Impacts.ImpactAsync(Tenant, "silent-1");

        Assert.Multiple(() =>
        {
            Assert.That(impact.Verdict(), Is.EqualTo("Inconclusive"), impact.ToString());
            Assert.That(impact.GetProperty("score").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(impact.Text("reason"), Does.StartWith("no data for any SLI"));
            Assert.That(impact.GetProperty("slis").EnumerateArray().Select(s => s.Text("classification")), Is.EqualTo(new[] { "Nodata", "Nodata" }));
        });
        await Eventually.GetAsync(() => Task.FromResult(Impacts.Messages.AssessedOf(Tenant)), m => m.Count == 1, TimeSpan.FromSeconds(30));
        Assert.That(await Impacts.PublicationsAsync(Tenant, ImpactOutbox.DegradedKind), Is.Zero);
    }
}

[TestFixture]
public sealed class A_deploy_while_Prometheus_is_down
{
    private const string Tenant = "impact-down";

    [Test]
    public async Task Should_be_retried_then_inconclusive_with_the_reason()
    {
        await Impacts.PutPolicyAsync(Tenant, Checkout, "flaky", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        await Flaky.StopAsync();
        await Impacts.DeployAsync(Tenant, Checkout, "down-1", Timeline.DeployStart, Timeline.DeployEnd);

        var impact = await Impacts.ImpactAsync(Tenant, "down-1");

        Assert.That(impact.Verdict(), Is.EqualTo("Inconclusive"), impact.ToString());
        Assert.That(impact.Text("reason"), Does.StartWith("the metric source 'flaky' stayed unavailable for 2 attempts"));
        Assert.That(await Impacts.StoredEventsAsync(Tenant, "down-1", "impact.deployment-impact-retry-scheduled.v1"), Is.EqualTo(1));
        Assert.That(await Impacts.PublicationsAsync(Tenant, ImpactOutbox.DegradedKind), Is.Zero);
    }
}

[TestFixture]
public sealed class A_deploy_that_is_not_production
{
    private const string Tenant = "impact-staging";

    [Test]
    public async Task Should_not_be_assessed()
    {
        await Impacts.PutPolicyAsync(Tenant, Checkout, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        await Impacts.DeployAsync(Tenant, Checkout, "staging-1", Timeline.DeployStart, Timeline.DeployEnd, account: "staging");
        await Impacts.DeployAsync(Tenant, Checkout, "k8s-staging-1", Timeline.DeployStart, Timeline.DeployEnd,
            type: "deployManifest", account: "k8s-shared", ns: "checkout-staging");
        await Impacts.DeployAsync(Tenant, "unpoliced", "unpoliced-1", Timeline.DeployStart, Timeline.DeployEnd);
        await Impacts.IdleAsync();

        foreach (var id in new[] { "staging-1", "k8s-staging-1", "unpoliced-1" })
        {
            using var response = await Impacts.GetAsync($"api/deployments/{id}/impact", Tenant);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), id);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(await Impacts.StoredEventsAsync(Tenant, id), Is.Zero);
        }
        Assert.That((await Impacts.GetJsonAsync("api/impact", Tenant)).GetProperty("deployments").GetArrayLength(), Is.Zero);
        Assert.That(await Impacts.PublicationsAsync(Tenant, ImpactOutbox.AssessedKind), Is.Zero);
    }
}

[TestFixture]
public sealed class Overlapping_deploys_of_one_application
{
    private const string Tenant = "impact-overlap";

    [Test]
    public async Task Should_make_the_earlier_inconclusive_confounded_by_the_later()
    {
        await Impacts.PutPolicyAsync(Tenant, Orders, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        // The earlier deploy's after window is [−7:49, −5:49]; the later one starts at −6:00, inside it.
        var earlierStart = Timeline.Now - TimeSpan.FromMinutes(8);
        var laterStart = Timeline.Now - TimeSpan.FromMinutes(6);
        // The later deploy's stage is seen first, so it is scheduled when the earlier one comes to be assessed.
        await Impacts.DeployAsync(Tenant, Orders, "later", laterStart, laterStart + TimeSpan.FromSeconds(10));
        await Impacts.ImpactAsync(Tenant, "later", _ => true);
        await Impacts.DeployAsync(Tenant, Orders, "earlier", earlierStart, earlierStart + TimeSpan.FromSeconds(10));

        var earlier = await Impacts.ImpactAsync(Tenant, "earlier");
        var later = await Impacts.ImpactAsync(Tenant, "later");

        Assert.Multiple(() =>
        {
            Assert.That(earlier.Verdict(), Is.EqualTo("Inconclusive"), earlier.ToString());
            Assert.That(earlier.Text("supersededBy"), Is.EqualTo("later"));
            Assert.That(earlier.Text("reason"), Does.StartWith("confounded by later"));
            Assert.That(earlier.GetProperty("slis").GetArrayLength(), Is.Zero);
            Assert.That(later.Verdict(), Is.EqualTo("Pass"), later.ToString());
            Assert.That(later.GetProperty("supersededBy").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        var published = await Eventually.GetAsync(() => Task.FromResult(Impacts.Messages.AssessedOf(Tenant)), m => m.Count == 2, TimeSpan.FromSeconds(30));
        Assert.That(published.Single(m => m.Message.ExecutionId == "earlier").Message.SupersededBy, Is.EqualTo("later"));
    }
}

[TestFixture]
public sealed class The_impact_list
{
    private const string Tenant = "impact-list";

    [OneTimeSetUp]
    public async Task Two_deploys_assessed()
    {
        await Impacts.PutPolicyAsync(Tenant, Checkout, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        await Impacts.PutPolicyAsync(Tenant, Cart, "prom", ImpactService.Sli("p99 latency", LatencyQuery, "increase"));
        await Impacts.DeployAsync(Tenant, Checkout, "list-clean", Timeline.DeployStart, Timeline.DeployEnd);
        await Impacts.DeployAsync(Tenant, Cart, "list-slow", Timeline.DeployStart, Timeline.DeployEnd + TimeSpan.FromSeconds(5));
        await Impacts.ImpactAsync(Tenant, "list-clean");
        await Impacts.ImpactAsync(Tenant, "list-slow");
    }

    private static async Task<string[]> IdsAsync(string query) =>
        [.. (await Impacts.GetJsonAsync("api/impact" + query, Tenant)).GetProperty("deployments").EnumerateArray().Select(d => d.Text("executionId"))];

    [Test]
    public async Task Should_list_the_latest_deploys_first_and_filter_them()
    {
        Assert.That(await IdsAsync(""), Is.EqualTo(new[] { "list-slow", "list-clean" }));
        Assert.That(await IdsAsync("?application=checkout"), Is.EqualTo(new[] { "list-clean" }));
        Assert.That(await IdsAsync("?verdict=fail"), Is.EqualTo(new[] { "list-slow" }));
        Assert.That(await IdsAsync("?verdict=pending"), Is.Empty);
        Assert.That(await IdsAsync("?limit=1"), Is.EqualTo(new[] { "list-slow" }));
        var end = Uri.EscapeDataString(Timeline.DeployEnd.ToString("O"));
        Assert.That(await IdsAsync($"?to={end}"), Is.EqualTo(new[] { "list-clean" }));
        Assert.That(await IdsAsync($"?from={Uri.EscapeDataString((Timeline.DeployEnd + TimeSpan.FromSeconds(1)).ToString("O"))}"), Is.EqualTo(new[] { "list-slow" }));
        Assert.That(await IdsAsync(""), Is.Not.Empty.And.Not.Contain("clean-1"), "another tenant's deploys are not listed");
    }

    [TestCase("?verdict=degraded", "verdict")]
    [TestCase("?from=yesterday", "from")]
    [TestCase("?to=2024-13-01", "to")]
    [TestCase("?from=2024-05-15T00:00:00Z&to=2024-05-14T00:00:00Z", "from")]
    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=1001", "limit")]
    public async Task Should_refuse_a_bad_filter_naming_the_field(string query, string field)
    {
        using var response = await Impacts.GetAsync("api/impact" + query, Tenant);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { field }));
    }
}
