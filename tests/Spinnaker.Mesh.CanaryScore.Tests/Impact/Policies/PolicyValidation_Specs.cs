using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>A policy that breaks a rule is refused with 400 problem+json naming the member as the body spells it, and nothing is stored.</summary>
[TestFixture]
public sealed class An_invalid_impact_policy
{
    private const string Tenant = "impact-policies-invalid";
    private static ImpactServiceFixture Service => PolicyServiceUnderTest.Service;

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string field, string because, Action<JsonObject> change) =>
            new TestCaseData(field, because, change).SetName($"Should_name_{field.Replace('[', '_').Replace("]", "").Replace('.', '_')}_when_{because.Replace(' ', '_')}");

        yield return Case("source", "the source is not configured", p => p["source"] = "thanos");
        yield return Case("productionAccounts", "neither accounts nor namespaces are listed", p =>
        {
            p["productionAccounts"] = new JsonArray();
            p.Remove("productionNamespaces");
        });
        yield return Case("productionNamespaces[1]", "a namespace is blank", p => p["productionNamespaces"] = new JsonArray("prod", " "));
        yield return Case("settle", "it is zero", p => p["settle"] = "00:00:00");
        yield return Case("settle", "it is not a duration", p => p["settle"] = "5m");
        yield return Case("window", "it is negative", p => p["window"] = "-00:30:00");
        yield return Case("step", "it is longer than the window", p => p["step"] = "00:45:00");
        yield return Case("step", "it is under a second", p => p["step"] = "00:00:00.5000000");
        yield return Case("slis", "there is none", p => p["slis"] = new JsonArray());
        yield return Case("slis[0].name", "it is missing", p => PolicyBodies.Sli(p, 0).Remove("name"));
        yield return Case("slis[1].name", "it repeats another", p => PolicyBodies.Sli(p, 1)["name"] = "P99 Latency");
        yield return Case("slis[0].query", "it is blank", p => PolicyBodies.Sli(p, 0)["query"] = " ");
        yield return Case("slis[1].query", "it uses an unknown placeholder", p => PolicyBodies.Sli(p, 1)["query"] = "up{app=\"${app}\"}");
        yield return Case("slis[0].query", "a placeholder is never closed", p => PolicyBodies.Sli(p, 0)["query"] = "up{app=\"${application\"}");
        yield return Case("slis[0].badDirection", "it is neither increase nor decrease", p => PolicyBodies.Sli(p, 0)["badDirection"] = "up");
        yield return Case("slis[1].badDirection", "it is missing", p => PolicyBodies.Sli(p, 1).Remove("badDirection"));
        yield return Case("slis[0].allowedChangePercent", "it is over 1000", p => PolicyBodies.Sli(p, 0)["allowedChangePercent"] = 1000.5);
        yield return Case("slis[0].allowedChangePercent", "it is negative", p => PolicyBodies.Sli(p, 0)["allowedChangePercent"] = -1);
        yield return Case("slis[0].critical", "it is not a boolean", p => PolicyBodies.Sli(p, 0)["critical"] = "yes");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Should_name_the_member(string field, string because, Action<JsonObject> change)
    {
        var application = "invalid-" + Math.Abs(StringComparer.Ordinal.GetHashCode(field + because));

        var put = await Service.PutPolicyAsync(Tenant, application, PolicyBodies.With(change));

        Assert.That((put.Status, put.MediaType), Is.EqualTo((400, "application/problem+json")), put.ToString());
        // "List an account or a namespace" names both lists; every other rule names its member alone.
        Assert.That(put.ErrorFields, Does.Contain(field).And.Count.EqualTo(field == "productionAccounts" ? 2 : 1), put.ToString());
        Assert.That(put.Errors(field), Is.Not.Empty.And.All.Not.Empty);
        Assert.That((await Service.GetPolicyAsync(Tenant, application)).Status, Is.EqualTo(404), "nothing stored");
    }

    [Test]
    public async Task Should_name_both_production_lists_when_both_are_missing()
    {
        var put = await Service.PutPolicyAsync(Tenant, "no-production", PolicyBodies.With(p =>
        {
            p.Remove("productionAccounts");
            p.Remove("productionNamespaces");
        }));

        Assert.That(put.ErrorFields, Is.EquivalentTo(new[] { "productionAccounts", "productionNamespaces" }), put.ToString());
    }

    [Test]
    public async Task Should_name_every_member_at_fault_at_once()
    {
        var put = await Service.PutPolicyAsync(Tenant, "many-faults", PolicyBodies.With(p =>
        {
            p["window"] = "00:00:00";
            PolicyBodies.Sli(p, 0)["badDirection"] = "sideways";
            PolicyBodies.Sli(p, 1)["query"] = "up{version=\"${build}\"}";
        }));

        Assert.That(put.ErrorFields, Is.EquivalentTo(new[] { "window", "slis[0].badDirection", "slis[1].query" }), put.ToString());
        Assert.That(put.Errors("slis[1].query").Single(), Does.Contain("${build}").And.Contain("${version}"));
    }

    [Test]
    public async Task Should_refuse_a_body_that_is_not_JSON()
    {
        var put = await Service.PutRawAsync(Tenant, "not-json", "source: prometheus");

        Assert.That((put.Status, put.MediaType), Is.EqualTo((400, "application/problem+json")), put.ToString());
        Assert.That(put.ErrorFields, Is.EqualTo(new[] { "body" }));
    }

    [Test]
    public async Task Should_refuse_an_application_name_Spinnaker_would_not_have()
    {
        var put = await Service.PutPolicyAsync(Tenant, "check out", PolicyBodies.Valid());

        Assert.That(put.Status, Is.EqualTo(400), put.ToString());
        Assert.That(put.ErrorFields, Is.EqualTo(new[] { "application" }));
    }
}

/// <summary>A policy whose query Prometheus refuses is refused with Prometheus' own error, under the SLI's query.</summary>
[TestFixture]
public sealed class An_impact_policy_with_a_query_Prometheus_refuses
{
    private const string Tenant = "impact-policies-refused";
    private static ImpactServiceFixture Service => PolicyServiceUnderTest.Service;

    [Test]
    public async Task Should_answer_400_naming_the_query_with_Prometheus_parse_error()
    {
        const string broken = "sum(rate(http_requests_total{app=\"${application}\"}[1m]) by (code)";

        var put = await Service.PutPolicyAsync(Tenant, "checkout", PolicyBodies.With(p => PolicyBodies.Sli(p, 1)["query"] = broken));

        Assert.That((put.Status, put.MediaType), Is.EqualTo((400, "application/problem+json")), put.ToString());
        Assert.That(put.ErrorFields, Is.EqualTo(new[] { "slis[1].query" }));
        var own = PrometheusError(broken.Replace("${application}", "checkout"));
        Assert.That(own, Does.Contain("parse error"));
        Assert.That(put.Errors("slis[1].query").Single(), Does.Contain(own).And.Contain("'prometheus'"));
        Assert.That((await Service.GetPolicyAsync(Tenant, "checkout")).Status, Is.EqualTo(404), "nothing stored");
    }

    [Test]
    public async Task Should_answer_400_naming_the_query_Prometheus_cannot_execute()
    {
        // Two series of each side share app="checkout": Prometheus refuses the one-to-one match (422 execution).
        const string ambiguous = "checkout_latency_seconds{app=\"${application}\"} + on(app) checkout_latency_seconds";

        var put = await Service.PutPolicyAsync(Tenant, "checkout", PolicyBodies.With(p => PolicyBodies.Sli(p, 0)["query"] = ambiguous));

        Assert.That(put.Status, Is.EqualTo(400), put.ToString());
        Assert.That(put.Errors("slis[0].query").Single(), Does.Contain("many-to-many matching not allowed"));
    }

    [Test]
    public async Task Should_check_the_query_with_sample_values_in_its_placeholders()
    {
        const string query = "up{app=\"${application}\",namespace=\"${namespace}\",region=\"${region}\"} +";

        var put = await Service.PutPolicyAsync(Tenant, "checkout", PolicyBodies.With(p => PolicyBodies.Sli(p, 0)["query"] = query));

        Assert.That(put.Status, Is.EqualTo(400), put.ToString());
        Assert.That(put.Errors("slis[0].query").Single(), Does.Contain("checked as: up{app=\"checkout\",namespace=\"prod\",region=\"us-east-1\"} +"));
    }

    [Test]
    public async Task Should_accept_queries_Prometheus_accepts_whatever_their_placeholders()
    {
        var put = await Service.PutPolicyAsync(Tenant, "accepted", PolicyBodies.With(p => PolicyBodies.Sli(p, 1)["query"] =
            "sum(rate(http_requests_total{app=\"${application}\",cluster=\"${cluster}\",namespace=\"${namespace}\",region=\"${region}\",account=\"${account}\",version=\"${version}\"}[1m]))"));

        Assert.That(put.Status, Is.EqualTo(201), put.ToString());
    }

    /// <summary>What Prometheus itself answers to an instant query.</summary>
    private static string PrometheusError(string query)
    {
        var failure = Assert.ThrowsAsync<HttpRequestException>(() => PolicyServiceUnderTest.Prometheus.GetAsync($"api/v1/query?query={Uri.EscapeDataString(query)}"))!;
        return JsonDocument.Parse(failure.Message[failure.Message.IndexOf('{')..]).RootElement.GetProperty("error").GetString()!;
    }
}

/// <summary>A policy whose source cannot be reached is not stored: 503 problem+json saying so.</summary>
[TestFixture]
public sealed class An_impact_policy_whose_source_is_unreachable
{
    private const string Tenant = "impact-policies-unreachable";
    private static ImpactServiceFixture Service => PolicyServiceUnderTest.Service;

    [Test]
    public async Task Should_answer_503_and_store_nothing()
    {
        var put = await Service.PutPolicyAsync(Tenant, "checkout", PolicyBodies.With(p => p["source"] = PolicyServiceUnderTest.UnreachableSource));

        Assert.That((put.Status, put.MediaType), Is.EqualTo((503, "application/problem+json")), put.ToString());
        Assert.That(put.Json.GetProperty("detail").GetString(), Does.Contain("not stored").And.Contain("could not be reached").And.Contain("2 attempts"));
        Assert.That(put.Json.GetProperty("source").GetString(), Is.EqualTo(PolicyServiceUnderTest.UnreachableSource));
        Assert.That((await Service.GetPolicyAsync(Tenant, "checkout")).Status, Is.EqualTo(404));
    }
}
