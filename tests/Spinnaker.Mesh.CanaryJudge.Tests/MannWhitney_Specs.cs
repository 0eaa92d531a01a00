using NUnit.Framework;
using Spinnaker.Mesh.CanaryJudge.MannWhitney;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

public sealed class The_rank_sum_statistic
{
    [Test]
    public void Should_equal_the_re_ranking_computation_to_the_bit_for_any_shift_with_many_ties()
    {
        // Rounded data so that x − μ often ties with y exactly.
        var x = Series.Normal(300, 10, 2, 1).Select(v => Math.Round(v, 1)).ToArray();
        var y = Series.Normal(250, 10.5, 2, 2).Select(v => Math.Round(v, 1)).ToArray();
        var fast = new RankSumShift(x, y);
        foreach (var mu in new[] { -3.0, -0.5, 0.0, 0.1, 0.5, 1.0, 2.3, 7.0 })
            foreach (var zq in new[] { 0.0, 2.3263478740408408, -1.959963984540054 })
                Assert.That(fast.Diff(mu, zq), Is.EqualTo(RankSumShift.NaiveDiff(mu, zq, x, y)), $"mu={mu} zq={zq}");
    }

    [Test]
    public void Should_refuse_samples_whose_observations_are_all_tied() =>
        Assert.Throws<MannWhitneyException>(() => MannWhitneyTest.WilcoxonDiff(0, 0, [1.0, 1.0], [1.0, 1.0, 1.0]));
}

public sealed class The_normal_quantile
{
    [Test]
    public void Should_give_Rs_value_for_the_two_sided_95_percent_quantile_exactly()
    {
        // The judge's α/2 is (1 − 0.95)/2 = 0.025000000000000022, and R's qnorm of it is −1.9599639845400536.
        Assert.That(NormalDistribution.InverseCdf((1.0 - 0.95) / 2), Is.EqualTo(-1.9599639845400536));
        Assert.That(NormalDistribution.InverseCdf((1.0 - 0.98) / 2), Is.EqualTo(-2.3263478740408408));
    }

    [Test]
    public void Should_be_the_inverse_of_the_cumulative_distribution_in_both_tails([Values(1e-10, 0.001, 0.2, 0.5, 0.7, 0.999)] double p) =>
        Assert.That(NormalDistribution.Cdf(NormalDistribution.InverseCdf(p)), Is.EqualTo(p).Within(p * 1e-8));
}

public sealed class The_rank_sum_p_value
{
    [Test]
    public void Should_be_small_for_a_clear_shift_and_large_for_none()
    {
        var control = Series.Normal(200, 100, 5, 3);
        var shifted = MannWhitneyTest.Run(Series.Normal(200, 110, 5, 4), control, 0.98);
        var same = MannWhitneyTest.Run(Series.Normal(200, 100, 5, 5), control, 0.98);

        Assert.That(shifted.PValue, Is.LessThan(1e-6));
        Assert.That(same.PValue, Is.GreaterThan(0.02));
        Assert.That(shifted.Lower, Is.GreaterThan(0), "the interval excludes no shift");
    }
}

public sealed class Ranks_as_commons_math_gives_them
{
    [Test]
    public void Should_average_ties_and_rank_negative_zero_below_zero_as_Javas_Double_compare_does() =>
        Assert.That(Ranking.AverageRanks([0.0, 2.0, -0.0, 0.0, double.NaN, 2.0, -1.0]),
            Is.EqualTo(new[] { 3.5, 5.5, 2, 3.5, 7, 5.5, 1 }));
}
