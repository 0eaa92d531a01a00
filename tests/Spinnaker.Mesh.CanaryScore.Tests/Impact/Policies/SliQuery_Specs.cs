using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Impact.Policies;

namespace Spinnaker.Mesh.CanaryScore.Tests.Impact.Policies;

/// <summary>An SLI query is filled from a deployment: each placeholder by its value, escaped for a PromQL string.</summary>
[TestFixture]
public sealed class Filling_an_SLI_query
{
    private static readonly IReadOnlyDictionary<string, string> Deployment =
        SliQuery.Bindings("checkout", cluster: "checkout-main", @namespace: "prod", region: "eu-west-1", account: "prod-eu", version: "v042");

    [Test]
    public void Should_replace_every_placeholder_each_time_it_appears()
    {
        var filled = SliQuery.Fill(
            "sum(rate(x{app=\"${application}\",cluster=\"${cluster}\",ns=\"${namespace}\",region=\"${region}\",account=\"${account}\",v=\"${version}\"}[1m])) / sum(y{app=\"${application}\"})",
            Deployment);

        Assert.That(filled, Is.EqualTo(
            "sum(rate(x{app=\"checkout\",cluster=\"checkout-main\",ns=\"prod\",region=\"eu-west-1\",account=\"prod-eu\",v=\"v042\"}[1m])) / sum(y{app=\"checkout\"})"));
    }

    [Test]
    public void Should_leave_a_query_without_placeholders_as_it_is()
    {
        const string query = "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])) by (le))";

        Assert.That(SliQuery.Fill(query, Deployment), Is.EqualTo(query));
    }

    [Test]
    public void Should_escape_values_for_a_double_quoted_string()
    {
        var filled = SliQuery.Fill("up{version=\"${version}\"}", SliQuery.Bindings("checkout", null, null, null, null, "v1\"} or vector(1) #\\"));

        Assert.That(filled, Is.EqualTo("up{version=\"v1\\\"} or vector(1) #\\\\\"}"));
    }

    [Test]
    public void Should_refuse_to_fill_a_placeholder_the_deployment_has_no_value_for()
    {
        var bindings = SliQuery.Bindings("checkout", cluster: null, @namespace: "prod", region: null, account: null, version: null);

        Assert.That(SliQuery.Missing("up{cluster=\"${cluster}\",ns=\"${namespace}\",r=\"${region}\"}", bindings), Is.EqualTo(new[] { "cluster", "region" }));
        var failure = Assert.Throws<ArgumentException>(() => SliQuery.Fill("up{cluster=\"${cluster}\"}", bindings));
        Assert.That(failure!.Message, Does.Contain("${cluster}"));
    }

    [Test]
    public void Should_list_the_placeholders_used_once_each_in_order()
    {
        Assert.That(SliQuery.PlaceholdersIn("a{x=\"${version}\"} + b{y=\"${application}\",z=\"${version}\",w=\"${build}\"}"),
            Is.EqualTo(new[] { "version", "application", "build" }));
    }
}
