using System.Text.Json;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>A tenant stores, reads, replaces and deletes an application's impact policy over HTTP.</summary>
[TestFixture]
public sealed class The_impact_policy_API
{
    private const string Tenant = "impact-policies-api";
    private static ImpactServiceFixture Service => PolicyServiceUnderTest.Service;

    [Test]
    public async Task Should_store_a_new_policy_and_answer_it_as_stored()
    {
        var put = await Service.PutPolicyAsync(Tenant, "checkout", PolicyBodies.Valid());

        Assert.That(put.Status, Is.EqualTo(201), put.ToString());
        var policy = put.Json;
        Assert.That(policy.GetProperty("application").GetString(), Is.EqualTo("checkout"));
        Assert.That(policy.GetProperty("origin").GetString(), Is.EqualTo("stored"));
        Assert.That(policy.GetProperty("updatedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(policy.GetProperty("source").GetString(), Is.EqualTo("prometheus"));
        Assert.That(policy.GetProperty("productionAccounts").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "prod-us" }));
        Assert.That(policy.GetProperty("productionNamespaces").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "prod" }));
        Assert.That((policy.GetProperty("settle").GetString(), policy.GetProperty("window").GetString(), policy.GetProperty("step").GetString()),
            Is.EqualTo(("00:05:00", "00:30:00", "00:00:30")));
        var slis = policy.GetProperty("slis").EnumerateArray().ToList();
        Assert.That(slis.Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "p99 latency", "error rate" }));
        Assert.That(slis[0].GetProperty("query").GetString(), Is.EqualTo(PolicyBodies.P99Latency), "stored with its placeholders");
        Assert.That(slis[0].GetProperty("allowedChangePercent").GetDouble(), Is.EqualTo(10));
        Assert.That(slis[1].GetProperty("critical").GetBoolean(), Is.True);

        var get = await Service.GetPolicyAsync(Tenant, "checkout");
        Assert.That(get.Status, Is.EqualTo(200), get.ToString());
        Assert.That(get.Text, Is.EqualTo(put.Text));
    }

    [Test]
    public async Task Should_replace_a_stored_policy_with_the_whole_new_one()
    {
        await Service.PutPolicyAsync(Tenant, "cart", PolicyBodies.Valid());

        var put = await Service.PutPolicyAsync(Tenant, "cart", PolicyBodies.With(p =>
        {
            p["productionNamespaces"] = new JsonArray("prod", "prod-eu");
            p["slis"]!.AsArray().RemoveAt(1);
        }));

        Assert.That(put.Status, Is.EqualTo(200), put.ToString());
        var get = (await Service.GetPolicyAsync(Tenant, "cart")).Json;
        Assert.That(get.GetProperty("productionNamespaces").GetArrayLength(), Is.EqualTo(2));
        Assert.That(get.GetProperty("slis").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_apply_the_defaults_to_members_left_out()
    {
        var put = await Service.PutPolicyAsync(Tenant, "search", new JsonObject
        {
            ["productionAccounts"] = new JsonArray("prod-us"),
            ["slis"] = new JsonArray(new JsonObject { ["name"] = "error rate", ["query"] = PolicyBodies.ErrorRate, ["badDirection"] = "Increase" }),
        });

        Assert.That(put.Status, Is.EqualTo(201), put.ToString());
        var policy = put.Json;
        Assert.That(policy.GetProperty("source").ValueKind, Is.EqualTo(JsonValueKind.Null), "the default source, whichever it is then");
        Assert.That(policy.GetProperty("effectiveSource").GetString(), Is.EqualTo("prometheus"));
        Assert.That(policy.GetProperty("productionNamespaces").GetArrayLength(), Is.Zero);
        Assert.That((policy.GetProperty("settle").GetString(), policy.GetProperty("window").GetString(), policy.GetProperty("step").GetString()),
            Is.EqualTo(("00:05:00", "00:30:00", "00:00:30")));
        var sli = policy.GetProperty("slis")[0];
        Assert.That((sli.GetProperty("badDirection").GetString(), sli.GetProperty("critical").GetBoolean(), sli.GetProperty("allowedChangePercent").GetDouble()),
            Is.EqualTo(("increase", false, 0.0)));
    }

    [Test]
    public async Task Should_find_an_application_whatever_the_case_of_its_name()
    {
        await Service.PutPolicyAsync(Tenant, "Payments", PolicyBodies.Valid());

        var get = await Service.GetPolicyAsync(Tenant, "payments");

        Assert.That(get.Status, Is.EqualTo(200), get.ToString());
        Assert.That(get.Json.GetProperty("application").GetString(), Is.EqualTo("Payments"));
    }

    [Test]
    public async Task Should_list_the_tenant_policies_by_application()
    {
        const string tenant = "impact-policies-list";
        await Service.PutPolicyAsync(tenant, "zebra", PolicyBodies.Valid());
        await Service.PutPolicyAsync(tenant, "alpha", PolicyBodies.Valid());

        var list = await Service.GetAsync(tenant, "api/impact-policies");

        Assert.That(list.Status, Is.EqualTo(200), list.ToString());
        var policies = list.Json.GetProperty("policies").EnumerateArray()
            .Select(p => (p.GetProperty("application").GetString(), p.GetProperty("origin").GetString())).ToList();
        Assert.That(policies, Is.EqualTo(new[] { ("alpha", "stored"), (PolicyServiceUnderTest.ConfiguredApplication, "configuration"), ("zebra", "stored") }));
    }

    [Test]
    public async Task Should_delete_a_stored_policy()
    {
        await Service.PutPolicyAsync(Tenant, "inventory", PolicyBodies.Valid());

        var delete = await Service.DeletePolicyAsync(Tenant, "inventory");

        Assert.That(delete.Status, Is.EqualTo(204), delete.ToString());
        Assert.That((await Service.GetPolicyAsync(Tenant, "inventory")).Status, Is.EqualTo(404));
        var again = await Service.DeletePolicyAsync(Tenant, "inventory");
        Assert.That((again.Status, again.MediaType), Is.EqualTo((404, "application/problem+json")));
    }

    [Test]
    public async Task Should_answer_404_problem_for_an_application_without_a_policy()
    {
        var get = await Service.GetPolicyAsync(Tenant, "no-such-application");

        Assert.That((get.Status, get.MediaType), Is.EqualTo((404, "application/problem+json")));
        Assert.That(get.Json.GetProperty("detail").GetString(), Does.Contain("no-such-application"));
    }

    [Test]
    public async Task Should_keep_each_tenant_policies_apart()
    {
        await Service.PutPolicyAsync("impact-tenant-a", "checkout", PolicyBodies.Valid());
        await Service.PutPolicyAsync("impact-tenant-b", "checkout", PolicyBodies.With(p => p["productionNamespaces"] = new JsonArray("b-prod")));

        var a = (await Service.GetPolicyAsync("impact-tenant-a", "checkout")).Json;
        var b = (await Service.GetPolicyAsync("impact-tenant-b", "checkout")).Json;
        Assert.That(a.GetProperty("productionNamespaces")[0].GetString(), Is.EqualTo("prod"));
        Assert.That(b.GetProperty("productionNamespaces")[0].GetString(), Is.EqualTo("b-prod"));

        Assert.That((await Service.GetPolicyAsync("impact-tenant-c", "checkout")).Status, Is.EqualTo(404));
        await Service.DeletePolicyAsync("impact-tenant-a", "checkout");
        Assert.That((await Service.GetPolicyAsync("impact-tenant-b", "checkout")).Status, Is.EqualTo(200), "a tenant's delete leaves the others'");
        var listA = (await Service.GetAsync("impact-tenant-a", "api/impact-policies")).Json.GetProperty("policies");
        Assert.That(listA.EnumerateArray().Select(p => p.GetProperty("application").GetString()), Is.EqualTo(new[] { PolicyServiceUnderTest.ConfiguredApplication }));
    }

    [Test]
    public async Task Should_never_log_the_source_credentials()
    {
        var put = await Service.PutPolicyAsync(Tenant, "logged", PolicyBodies.Valid());

        Assert.That(put.Status, Is.EqualTo(201), put.ToString());
        Assert.That(Service.Logs, Does.Contain("api/v1/query"), "the checks against the source were logged, so the spec can fail");
        Assert.That(Service.Logs, Does.Not.Contain(PolicyServiceUnderTest.BearerToken));
    }
}
