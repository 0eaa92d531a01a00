using NUnit.Framework;
using Spinnaker.Mesh.Dora.Domain.Figures;

namespace Spinnaker.Mesh.Dora.Tests.Domain;

/// <summary>The dora-2023-banded boundaries of dora.md §2.3, half-open exactly as written.</summary>
public sealed class When_figures_are_banded_into_tiers
{
    [TestCase(86_399.999, "elite")]
    [TestCase(86_400, "high")] // exactly 24 h is high, not elite
    [TestCase(604_799, "high")]
    [TestCase(604_800, "medium")] // 168 h
    [TestCase(2_591_999, "medium")]
    [TestCase(2_592_000, "low")] // 720 h
    public void Should_band_lead_time(double medianSeconds, string tier) => Assert.That(Tiers.LeadTime(medianSeconds), Is.EqualTo(tier));

    [TestCase(3_599, "elite")]
    [TestCase(3_600, "high")] // 1 h
    [TestCase(86_400, "medium")] // 24 h
    [TestCase(604_800, "low")] // 168 h
    public void Should_band_recovery_time(double medianSeconds, string tier) => Assert.That(Tiers.RecoveryTime(medianSeconds), Is.EqualTo(tier));

    [TestCase(1, 20, "elite")] // 5 % exactly
    [TestCase(1, 19, "high")] // 5.26 %
    [TestCase(2, 20, "high")] // 10 % exactly
    [TestCase(3, 20, "medium")] // 15 % exactly
    [TestCase(4, 20, "low")] // 20 %
    [TestCase(0, 1, "elite")]
    public void Should_band_change_failure_rate(int failed, int deployments, string tier) =>
        Assert.That(Tiers.ChangeFailureRate(failed, deployments), Is.EqualTo(tier));

    [TestCase(5.0, 0.0, "elite")]
    [TestCase(4.5, 20.0, "high")]
    [TestCase(1.0, 4.0, "high")]
    [TestCase(0.5, 1.0, "medium")] // under a day a week, but a day a month
    [TestCase(0.0, 0.5, "low")]
    public void Should_band_deployment_frequency_by_median_deployment_days(double perWeek, double perMonth, string tier) =>
        Assert.That(Tiers.DeploymentFrequency(3, perWeek, perMonth, fullCoverage: true), Is.EqualTo(tier));

    [Test]
    public void Should_give_no_tier_without_samples()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Tiers.LeadTime(null), Is.Null);
            Assert.That(Tiers.RecoveryTime(null), Is.Null);
            Assert.That(Tiers.ChangeFailureRate(0, 0), Is.Null);
            Assert.That(Tiers.DeploymentFrequency(0, 0, 0, fullCoverage: false), Is.Null);
            Assert.That(Tiers.DeploymentFrequency(0, 0, 0, fullCoverage: true), Is.EqualTo("low"));
        });
    }
}

public sealed class When_order_statistics_are_taken
{
    [Test]
    public void Should_interpolate_the_median_of_an_even_count() =>
        Assert.That(Statistics.Median([10, 20, 40, 100]), Is.EqualTo(30)); // (20 + 40) / 2

    [Test]
    public void Should_take_the_middle_value_of_an_odd_count() => Assert.That(Statistics.Median([1, 5, 9]), Is.EqualTo(5));

    [Test]
    public void Should_interpolate_p90_between_closest_ranks()
    {
        // 1..10: rank (10 − 1) × 0.9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1.
        Assert.That(Statistics.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), Is.EqualTo(9.1).Within(1e-9));
    }

    [Test]
    public void Should_round_rates_to_four_decimals() =>
        Assert.That((Statistics.Rate(2, 3), Statistics.Rate(1, 8), Statistics.Rate(0, 0)), Is.EqualTo(((double?)0.6667, (double?)0.125, (double?)null)));
}
