namespace Spinnaker.Mesh.CanaryJudge.Statistics;

/// <summary>Kayenta's effect sizes (<c>EffectSizes.scala</c>), experiment against control.</summary>
public static class EffectSizes
{
    /// <summary>mean(experiment) / mean(control); NaN when either mean is exactly 0 (or a side is empty).</summary>
    public static double MeanRatio(ReadOnlySpan<double> control, ReadOnlySpan<double> experiment)
    {
        var controlMean = Descriptive.Mean(control);
        var experimentMean = Descriptive.Mean(experiment);
        return controlMean == 0.0 || experimentMean == 0.0 ? double.NaN : experimentMean / controlMean;
    }

    /// <summary>
    /// Common-language effect size (Vargha–Delaney A): P(X &gt; Y) + ½·P(X = Y) for X from the experiment and Y from
    /// the control, as (2·R₁ − m(m+1)) / (2·m·n) with R₁ the experiment's rank sum among both samples.
    /// </summary>
    public static double Cles(ReadOnlySpan<double> control, ReadOnlySpan<double> experiment)
    {
        var m = experiment.Length;
        var n = control.Length;
        var pooled = new double[m + n];
        experiment.CopyTo(pooled);
        control.CopyTo(pooled.AsSpan(m));
        var ranks = Ranking.AverageRanks(pooled);
        var r1 = 0.0;
        for (var i = 0; i < m; i++) r1 += ranks[i];
        // Integer arithmetic as in Scala (m * (m + 1) and 2 * n * m are Ints).
        return (2 * r1 - m * (m + 1)) / (2 * n * m);
    }

    /// <summary>Cohen's d with the pooled (sample) standard deviation; symmetric in its arguments.</summary>
    public static double CohenD(ReadOnlySpan<double> control, ReadOnlySpan<double> experiment)
    {
        var c = MetricStatistics.Of(control);
        var e = MetricStatistics.Of(experiment);
        double cs = c.Std ?? 0, es = e.Std ?? 0;
        var pooled = Math.Sqrt(((e.Count - 1) * Math.Pow(es, 2) + (c.Count - 1) * Math.Pow(cs, 2)) / (c.Count + e.Count - 2));
        return Math.Abs(e.Mean - c.Mean) / pooled;
    }
}
