using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.Tests.Conformance;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

/// <summary>The conformance comparison itself must be able to fail.</summary>
public sealed class The_case_comparison_rejects_what_does_not_match
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Test]
    public void Should_reject_a_number_outside_the_tolerance() =>
        Assert.Throws<AssertionException>(() => Expectation.Match(Json("1.0"), 1.1, 0.01, "x"));

    [Test]
    public void Should_accept_a_number_inside_the_tolerance() =>
        Assert.DoesNotThrow(() => Expectation.Match(Json("1.0"), 1.001, 0.01, "x"));

    [Test]
    public void Should_require_exact_equality_without_a_tolerance() =>
        Assert.Throws<AssertionException>(() => Expectation.Match(Json("0.3"), 0.1 + 0.2, 0, "x"));

    [Test]
    public void Should_reject_a_finite_number_where_NaN_is_expected() =>
        Assert.Throws<AssertionException>(() => Expectation.Match(Json("\"NaN\""), 1.0, 0, "x"));

    [Test]
    public void Should_reject_a_map_with_a_missing_or_extra_key() =>
        Assert.Throws<AssertionException>(() => Expectation.Match(Json("""{"a":1}"""), new Dictionary<string, object?> { ["b"] = 1.0 }, 0, "x"));

    [Test]
    public void Should_reject_a_list_of_another_length() =>
        Assert.Throws<AssertionException>(() => Expectation.Match(Json("[1,2]"), new[] { 1.0 }, 0, "x"));
}
