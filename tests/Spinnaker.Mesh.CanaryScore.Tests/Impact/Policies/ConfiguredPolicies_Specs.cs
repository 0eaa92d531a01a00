using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Tests.Impact.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>
/// A policy from configuration (<c>Mesh:Impact:Policies:storefront</c>) applies to every tenant that stored none for
/// the application; a stored one replaces it for its tenant only, and deleting that brings the configured one back.
/// </summary>
[TestFixture]
public sealed class A_configured_impact_policy
{
    private const string Application = PolicyServiceUnderTest.ConfiguredApplication;
    private static ImpactServiceFixture Service => PolicyServiceUnderTest.Service;

    [Test]
    public async Task Should_be_in_effect_for_a_tenant_without_a_stored_one_and_say_where_it_comes_from()
    {
        var get = await Service.GetPolicyAsync("impact-configured-plain", Application);

        Assert.That(get.Status, Is.EqualTo(200), get.ToString());
        var policy = get.Json;
        Assert.That(policy.GetProperty("origin").GetString(), Is.EqualTo("configuration"));
        Assert.That(policy.GetProperty("updatedAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(policy.GetProperty("effectiveSource").GetString(), Is.EqualTo(ImpactServiceFixture.SourceName));
        Assert.That(policy.GetProperty("productionAccounts")[0].GetString(), Is.EqualTo("prod-us"));
        Assert.That(policy.GetProperty("window").GetString(), Is.EqualTo("00:20:00"), "as configured");
        Assert.That(policy.GetProperty("settle").GetString(), Is.EqualTo("00:05:00"), "the default");
        var sli = policy.GetProperty("slis")[0];
        Assert.That(sli.GetProperty("name").GetString(), Is.EqualTo("5xx rate"));
        Assert.That(sli.GetProperty("query").GetString(), Is.EqualTo(PolicyServiceUnderTest.ConfiguredQuery));
        Assert.That(sli.GetProperty("critical").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Should_give_way_to_a_stored_policy_of_that_tenant_only()
    {
        const string tenant = "impact-configured-override";
        var put = await Service.PutPolicyAsync(tenant, Application, PolicyBodies.Valid());
        Assert.That(put.Status, Is.EqualTo(201), put.ToString());

        Assert.That((await Service.GetPolicyAsync(tenant, Application)).Json.GetProperty("origin").GetString(), Is.EqualTo("stored"));
        Assert.That((await Service.GetPolicyAsync("impact-configured-other", Application)).Json.GetProperty("origin").GetString(), Is.EqualTo("configuration"));
        var listed = (await Service.GetAsync(tenant, "api/impact-policies")).Json.GetProperty("policies").EnumerateArray()
            .Where(p => p.GetProperty("application").GetString() == Application).Select(p => p.GetProperty("origin").GetString());
        Assert.That(listed, Is.EqualTo(new[] { "stored" }), "listed once, as stored");

        var delete = await Service.DeletePolicyAsync(tenant, Application);
        Assert.That(delete.Status, Is.EqualTo(204), delete.ToString());
        Assert.That((await Service.GetPolicyAsync(tenant, Application)).Json.GetProperty("origin").GetString(), Is.EqualTo("configuration"));
    }

    [Test]
    public async Task Should_not_be_deleted_through_the_API()
    {
        var delete = await Service.DeletePolicyAsync("impact-configured-delete", Application);

        Assert.That((delete.Status, delete.MediaType), Is.EqualTo((409, "application/problem+json")), delete.ToString());
        Assert.That(delete.Json.GetProperty("detail").GetString(), Does.Contain($"Mesh:Impact:Policies:{Application}"));
        Assert.That((await Service.GetPolicyAsync("impact-configured-delete", Application)).Status, Is.EqualTo(200));
    }
}
