using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Domain;

public sealed class When_recent_runs_are_clearly_slower
{
    // Baseline: 20 runs of 1000, 1010, ..., 1190 ms (median (1090 + 1100) / 2 = 1095). Recent: 2000..2400 (median 2200).
    private static readonly double[] Baseline = [.. Enumerable.Range(0, 20).Select(i => 1000.0 + 10 * i)];
    private static readonly double[] Recent = [2000, 2100, 2200, 2300, 2400];

    [Test]
    public void Should_report_a_regression_with_its_figures()
    {
        var verdict = RegressionRule.Evaluate([.. Baseline, .. Recent], RegressionThresholds.Default);
        Assert.That(verdict, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That((verdict!.BaselineCount, verdict.RecentCount), Is.EqualTo((20, 5)));
            Assert.That(verdict.BaselineMedianMs, Is.EqualTo(1095));
            Assert.That(verdict.RecentMedianMs, Is.EqualTo(2200));
            Assert.That(verdict.Ratio, Is.EqualTo(2200.0 / 1095).Within(1e-12));
            // Every recent run is slower than every baseline run: 1 arrangement of C(25, 5) = 53,130.
            Assert.That(verdict.PValue, Is.EqualTo(1.0 / 53_130).Within(1e-12));
        });
    }

    [Test]
    public void Should_compare_with_the_last_30_runs_before_the_recent_ones_only()
    {
        // Ten very slow old runs fall out of the 30-run baseline window; inside it, the median stays 1095.
        double[] history = [.. Enumerable.Repeat(9000.0, 10), .. Baseline, .. Enumerable.Repeat(1095.0, 10), .. Recent];
        var verdict = RegressionRule.Evaluate(history, RegressionThresholds.Default);
        Assert.That(verdict, Is.Not.Null);
        Assert.That((verdict!.BaselineCount, verdict.BaselineMedianMs), Is.EqualTo((30, 1095.0)));
    }
}

public sealed class When_a_stricter_ratio_is_configured
{
    // The clearly slower history above: recent median 2200 ms against 1095 ms, about 2.01 times, p = 1 / 53,130.
    private static readonly double[] History =
        [.. Enumerable.Range(0, 20).Select(i => 1000.0 + 10 * i), 2000, 2100, 2200, 2300, 2400];

    [Test]
    public void Should_flag_it_with_the_default_ratio() =>
        Assert.That(RegressionRule.Evaluate(History, RegressionThresholds.Default), Is.Not.Null);

    [Test]
    public void Should_not_flag_it_when_the_recent_median_must_be_two_and_a_half_times_the_baseline() =>
        Assert.That(RegressionRule.Evaluate(History, RegressionThresholds.Default with { MinimumRatio = 2.5 }), Is.Null);

    [Test]
    public void Should_still_flag_it_when_the_stricter_ratio_is_below_its_own() =>
        Assert.That(RegressionRule.Evaluate(History, RegressionThresholds.Default with { MinimumRatio = 2.0 })?.Ratio, Is.EqualTo(2200.0 / 1095).Within(1e-12));
}

public sealed class When_recent_runs_are_only_noisy
{
    [Test]
    public void Should_not_report_a_regression()
    {
        var random = new Random(7);
        double[] history = [.. Enumerable.Range(0, 35).Select(_ => 500.0 + random.Next(0, 1000))];
        Assert.That(RegressionRule.Evaluate(history, RegressionThresholds.Default), Is.Null);
    }
}

public sealed class When_recent_runs_are_slower_but_not_by_enough
{
    // 30 % slower, and consistently so: significant, but below the 1.5 ratio.
    private static readonly double[] Baseline = [.. Enumerable.Range(0, 20).Select(i => 1000.0 + i)];
    private static readonly double[] Recent = [1300, 1301, 1302, 1303, 1304];

    [Test]
    public void Should_be_significant_on_its_own() =>
        Assert.That(RankSumTest.PValueGreater(Recent, Baseline), Is.LessThan(RegressionThresholds.Default.SignificanceLevel));

    [Test]
    public void Should_not_report_a_regression() =>
        Assert.That(RegressionRule.Evaluate([.. Baseline, .. Recent], RegressionThresholds.Default), Is.Null);
}

public sealed class When_recent_runs_are_slower_by_the_median_but_not_significantly
{
    [Test]
    public void Should_not_report_a_regression()
    {
        // Baseline median 100, recent median 400 (ratio 4), but the baseline often took 400 too.
        double[] baseline = [100, 100, 100, 100, 100, 100, 400, 400, 400, 400];
        double[] recent = [400, 400, 400, 100, 100];
        Assert.Multiple(() =>
        {
            Assert.That(RankSumTest.PValueGreater(recent, baseline), Is.GreaterThan(RegressionThresholds.Default.SignificanceLevel));
            Assert.That(RegressionRule.Evaluate([.. baseline, .. recent], RegressionThresholds.Default), Is.Null);
        });
    }
}

public sealed class When_the_history_is_short
{
    private static double[] History(int baselineRuns) =>
        [.. Enumerable.Range(0, baselineRuns).Select(i => 1000.0 + i), 5000, 5001, 5002, 5003, 5004];

    [Test]
    public void Should_not_judge_with_fewer_than_10_baseline_runs() =>
        Assert.That(RegressionRule.Evaluate(History(9), RegressionThresholds.Default), Is.Null);

    [Test]
    public void Should_judge_with_10_baseline_runs() =>
        Assert.That(RegressionRule.Evaluate(History(10), RegressionThresholds.Default), Is.Not.Null);
}

public sealed class When_computing_the_rank_sum_p_value
{
    [Test]
    public void Should_give_one_arrangement_in_C_15_5_when_all_recent_values_are_larger() =>
        // C(15, 5) = 3003.
        Assert.That(RankSumTest.PValueGreater([11, 12, 13, 14, 15], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), Is.EqualTo(1.0 / 3003).Within(1e-15));

    [Test]
    public void Should_count_the_arrangements_at_least_as_extreme() =>
        // One baseline value (12) beats one recent value (11): U = 49 of 50. Arrangements with U >= 49: U = 50 and
        // U = 49, one each, so p = 2 / 3003.
        Assert.That(RankSumTest.PValueGreater([11, 13, 14, 15, 16], [1, 2, 3, 4, 5, 6, 7, 8, 9, 12]), Is.EqualTo(2.0 / 3003).Within(1e-15));

    [Test]
    public void Should_give_ties_their_mid_rank()
    {
        // Pooled 1, 2, 2, 2: ranks 1, 3, 3, 3. Recent {2, 2} sums to 6. Of the C(4, 2) = 6 pairs, the three without
        // the 1 sum to 6 and the three with it to 4, so p = 3 / 6.
        Assert.That(RankSumTest.PValueGreater([2, 2], [1, 2]), Is.EqualTo(0.5).Within(1e-15));
    }

    [Test]
    public void Should_match_the_table_for_five_against_five() =>
        // Recent 4, 7, 8, 9, 10 against baseline 1, 2, 3, 5, 6: a recent run is faster than a baseline run in two
        // pairs (4 < 5, 4 < 6), U = 2. Mann–Whitney tables for n1 = n2 = 5 give P(U <= 2) = 0.016, exactly 4 / 252:
        // of the C(10, 5) = 252 arrangements, U = 0 has 1, U = 1 has 1 and U = 2 has 2.
        Assert.That(RankSumTest.PValueGreater([4, 7, 8, 9, 10], [1, 2, 3, 5, 6]), Is.EqualTo(4.0 / 252).Within(1e-15));
}
