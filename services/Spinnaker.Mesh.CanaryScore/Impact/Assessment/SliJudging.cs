using System.Globalization;
using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Statistics;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// Judges one SLI after the deploy (the experiment) against before it (the control) with the canary judge's
/// Mann–Whitney classifier, as Kayenta judges a metric: NaN removed, outliers kept, tolerance 0.25, confidence 0.98.
/// Only the policy's bad direction can fail it, and only when the mean ratio moves past
/// <see cref="SliDefinition.AllowedChangePercent"/> (10 % → an allowed increase of 1.1 or decrease of 0.9); a critical
/// SLI escalates at the same ratio.
/// </summary>
internal static class SliJudging
{
    public static MetricAnalysisSettings SettingsFor(SliDefinition sli)
    {
        var change = sli.AllowedChangePercent / 100.0;
        var decrease = sli.BadDirection == BadDirections.Decrease;
        return new MetricAnalysisSettings
        {
            Direction = decrease ? MetricDirection.Decrease : MetricDirection.Increase,
            Critical = sli.Critical,
            AllowedIncrease = 1 + change,
            CriticalIncrease = 1 + change,
            AllowedDecrease = Math.Max(0, 1 - change),
            CriticalDecrease = Math.Max(0, 1 - change),
        };
    }

    /// <summary>The SLI's result from the points of both windows (every series of each window pooled).</summary>
    public static SliImpact Judge(NetflixAcaJudge judge, SliDefinition sli, IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        var settings = SettingsFor(sli);
        var judgment = judge.JudgeMetric(sli.Name, before.ToArray(), after.ToArray(), settings);
        var beforeMedian = Median(judgment.Control.Values);
        var afterMedian = Median(judgment.Experiment.Values);
        var ratio = beforeMedian is { } b && afterMedian is { } a && b != 0 ? Finite(a / b) : null;
        var label = judgment.Classification.Classification;
        if (label is MetricClassificationLabel.Nodata or MetricClassificationLabel.NodataFailMetric)
            return new SliImpact(sli.Name, ImpactClassifications.Nodata, beforeMedian, afterMedian, null, sli.Critical,
                NoData(beforeMedian is null, afterMedian is null));
        var summary = judgment.Explanation.Summary.Replace("experiment", "after", StringComparison.Ordinal)
            .Replace("control", "before", StringComparison.Ordinal);
        var medians = $"median {N(afterMedian)} after against {N(beforeMedian)} before" + (ratio is { } r ? $" (ratio {N(r)})" : "");
        return new SliImpact(sli.Name, label.ToString(), beforeMedian, afterMedian, ratio, sli.Critical, $"{medians}; {summary}");
    }

    public static string NoData(bool before, bool after) => (before, after) switch
    {
        (true, true) => "no data before or after the deploy",
        (true, false) => "no data before the deploy",
        _ => "no data after the deploy",
    };

    private static double? Median(double[] values) => values.Length == 0 ? null : Finite(Descriptive.Percentile(values, 50));

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    internal static string N(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "none";
}

/// <summary>The classifications an SLI gets: the judge's labels (see <see cref="MetricClassificationLabel"/>).</summary>
internal static class ImpactClassifications
{
    public const string Pass = nameof(MetricClassificationLabel.Pass);
    public const string High = nameof(MetricClassificationLabel.High);
    public const string Low = nameof(MetricClassificationLabel.Low);
    public const string Nodata = nameof(MetricClassificationLabel.Nodata);
    public const string Error = nameof(MetricClassificationLabel.Error);

    /// <summary>High or Low: only the bad direction is judged, so either means the SLI got worse.</summary>
    public static bool GotWorse(SliImpact sli) => sli.Classification is High or Low;

    public static bool Judged(SliImpact sli) => sli.Classification is Pass or High or Low;
}
