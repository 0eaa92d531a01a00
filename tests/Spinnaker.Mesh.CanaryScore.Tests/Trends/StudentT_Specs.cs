using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Trends;

namespace Spinnaker.Mesh.CanaryScore.Tests.Trends;

[TestFixture]
public sealed class The_t_distribution_function
{
    // ν = 1 is the Cauchy distribution and ν = 2 has a closed form: exact references for the incomplete beta route.
    [TestCase(-3.0)]
    [TestCase(-0.4)]
    [TestCase(0.0)]
    [TestCase(2.5)]
    public void Should_match_the_Cauchy_distribution_with_one_degree_of_freedom(double t) =>
        Assert.That(StudentT.Cdf(t, 1), Is.EqualTo(0.5 + Math.Atan(t) / Math.PI).Within(1e-12));

    [TestCase(-5.0)]
    [TestCase(-1.0)]
    [TestCase(0.7)]
    public void Should_match_the_closed_form_with_two_degrees_of_freedom(double t) =>
        Assert.That(StudentT.Cdf(t, 2), Is.EqualTo(0.5 + t / (2 * Math.Sqrt(2 + t * t))).Within(1e-12));

    // Critical values from the standard t tables (one-sided).
    [TestCase(-2.015048, 5, 0.05)]
    [TestCase(-2.228139, 10, 0.025)]
    [TestCase(-4.540703, 3, 0.01)]
    [TestCase(-1.943180, 6, 0.05)]
    public void Should_give_the_tabulated_tail_at_a_critical_value(double t, double df, double tail) =>
        Assert.That(StudentT.Cdf(t, df), Is.EqualTo(tail).Within(1e-6));
}
