using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Judgments;

namespace Spinnaker.Mesh.CanaryScore.Tests.Judgments;

[TestFixture]
public sealed class A_canary_score_is_classified_by_Kayentas_thresholds
{
    [TestCase(90.0, "Pass", Description = "equal to pass is Pass")]
    [TestCase(89.99, "Marginal")]
    [TestCase(75.0, "Marginal", Description = "equal to marginal is Marginal")]
    [TestCase(74.99, "Fail")]
    [TestCase(100.0, "Pass")]
    [TestCase(0.0, "Fail")]
    public void Should_take_the_better_label_at_a_threshold(double score, string expected) =>
        Assert.That(CanaryClassification.Of(score, pass: 90, marginal: 75), Is.EqualTo(expected));

    [Test]
    public void Should_pass_a_run_without_thresholds_as_Orca_does() =>
        Assert.That(CanaryClassification.Of(12, null, null), Is.EqualTo("Pass"));

    [TestCase(75.0, "Pass")]
    [TestCase(74.0, "Fail")]
    public void Should_pass_from_marginal_up_when_there_is_no_pass_threshold(double score, string expected) =>
        Assert.That(CanaryClassification.Of(score, null, 75), Is.EqualTo(expected));

    [TestCase(90.0, "Pass")]
    [TestCase(89.0, "Fail")]
    public void Should_fail_below_pass_when_there_is_no_marginal_threshold(double score, string expected) =>
        Assert.That(CanaryClassification.Of(score, 90, null), Is.EqualTo(expected));
}

[TestFixture]
public sealed class The_service_of_a_canary_is_its_scope_without_version_and_canary_suffix
{
    [TestCase("checkout-api-canary-v012", "checkout-api")]
    [TestCase("checkout-api-v1234", "checkout-api")]
    [TestCase("checkout-api-canary", "checkout-api")]
    [TestCase("checkout-api-baseline", "checkout-api-baseline")]
    [TestCase("checkout-api-v12", "checkout-api-v12", Description = "Frigga versions have three digits or more")]
    [TestCase("deployment checkout-api-canary", "checkout-api")]
    [TestCase("  ", null)]
    [TestCase(null, null)]
    public void Should_name_the_cluster(string? scope, string? expected) =>
        Assert.That(CanaryService.FromScope(scope), Is.EqualTo(expected));
}
