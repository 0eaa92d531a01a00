using System.Globalization;
using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Cleaning;

namespace Spinnaker.Mesh.CanaryJudge.Explanations;

/// <summary>Builds a <see cref="MetricExplanation"/> and its one-sentence summary from a classification and the cleaned data.</summary>
public static class ExplanationBuilder
{
    public static MetricExplanation Explain(
        string metricName,
        MetricAnalysisSettings settings,
        CleanedSeries control,
        CleanedSeries experiment,
        MetricClassification classification,
        string? likelyCause)
    {
        var evidence = classification.Evidence;
        var test = evidence.Test;
        var measure = settings.UsesCles ? MetricAnalysisSettings.Cles : MetricAnalysisSettings.MeanRatio;
        var meanRatio = evidence.Rule == DecisionRule.RankSumInterval ? classification.Deviation : (double?)null;
        var explanation = new MetricExplanation
        {
            Summary = "",
            LikelyCause = likelyCause,
            Classification = classification.Classification.ToString(),
            DecidedBy = Spell(evidence.Rule),
            Critical = classification.Critical,
            PValue = test?.PValue,
            ConfidenceLevel = settings.ConfidenceLevel,
            Interval = test is null ? null : new ShiftInterval(test.Lower, test.Upper),
            Estimate = test?.Estimate,
            ToleranceBand = evidence.ToleranceBand is { } b ? new ToleranceBand(-b, b, settings.Tolerance) : null,
            EffectSize = new EffectSizeExplanation(measure, evidence.EffectSize, meanRatio),
            Thresholds = new EffectThresholds(settings.AllowedIncrease, settings.AllowedDecrease, settings.CriticalIncrease, settings.CriticalDecrease),
            Direction = settings.Direction.Spell(),
            CriticalMetric = settings.Critical,
            MustHaveData = settings.MustHaveData,
            NoiseAdded = evidence.NoiseAdded,
            Control = Side(control, settings.NanStrategy),
            Experiment = Side(experiment, settings.NanStrategy),
            Error = evidence.Error,
        };
        return explanation with { Summary = Summarize(metricName, settings, control, experiment, classification, likelyCause) };
    }

    private static SideExplanation Side(CleanedSeries s, NaNStrategy strategy) =>
        new(s.RawPoints, s.NaNPoints, strategy == NaNStrategy.Replace ? "replace" : "remove", s.OutliersRemoved, s.Values.Length);

    private static string Spell(DecisionRule rule) => rule switch
    {
        DecisionRule.MissingData => "missingData",
        DecisionRule.IdenticalData => "identicalData",
        DecisionRule.SingleDistinctValue => "singleDistinctValue",
        DecisionRule.RankSumInterval => "rankSumInterval",
        DecisionRule.MeanComparison => "meanComparison",
        _ => "failed",
    };

    private static string Summarize(
        string name, MetricAnalysisSettings settings, CleanedSeries control, CleanedSeries experiment,
        MetricClassification classification, string? likelyCause)
    {
        var label = classification.Classification + (classification.Critical ? " (critical)" : "") + (settings.Muted ? " (muted, not scored)" : "");
        var evidence = classification.Evidence;
        switch (evidence.Rule)
        {
            case DecisionRule.Failed:
                return $"{name}: classification failed ({evidence.Error}): {label}";
            case DecisionRule.MissingData:
            {
                var cause = likelyCause ?? LikelyCauses.ForSides(control.Values.Length == 0, experiment.Values.Length == 0) ?? "no data";
                return settings.NanStrategy == NaNStrategy.Replace
                    ? $"{name}: {cause}, and with NaN replaced by 0 a missing side passes: {label}"
                    : $"{name}: {cause}: {label}";
            }
            case DecisionRule.IdenticalData:
                return $"{name}: control and experiment data are identical: {label}";
            case DecisionRule.SingleDistinctValue:
                return $"{name}: every point of both sides is {N(experiment.Values[0])}: {label}";
            case DecisionRule.MeanComparison:
                return $"{name}: the mean ratio is {N(evidence.EffectSize ?? double.NaN)}: {label}";
        }

        var test = evidence.Test!;
        var band = evidence.ToleranceBand ?? 0;
        var interval = $"{Percent(test.ConfidenceLevel)} interval {N(test.Lower)}..{N(test.Upper)}";
        var measure = settings.UsesCles ? "CLES" : "mean ratio";
        var effect = evidence.EffectSize ?? double.NaN;
        var cannotCompute = $"the {measure} cannot be computed (a mean is 0), so the interval alone decides";

        if (evidence.IntervalAboveBand)
        {
            var shift = $"{name}: experiment is higher by {N(test.Estimate)} ({interval})";
            if (settings.Direction == MetricDirection.Decrease)
                return $"{shift}, but only decreases are judged (direction decrease): {label}";
            if (double.IsNaN(effect)) return $"{shift} and {cannotCompute}: {label}";
            return effect >= settings.AllowedIncrease
                ? $"{shift} and the {measure} {N(effect)} {(effect > settings.AllowedIncrease ? "exceeds" : "reaches")} the allowed increase {N(settings.AllowedIncrease)}: {label}"
                : $"{shift} but the {measure} {N(effect)} is below the allowed increase {N(settings.AllowedIncrease)}: {label}";
        }
        if (evidence.IntervalBelowBand)
        {
            var shift = $"{name}: experiment is lower by {N(-test.Estimate)} ({interval})";
            if (settings.Direction == MetricDirection.Increase)
                return $"{shift}, but only increases are judged (direction increase): {label}";
            if (double.IsNaN(effect)) return $"{shift} and {cannotCompute}: {label}";
            return effect <= settings.AllowedDecrease
                ? $"{shift} and the {measure} {N(effect)} is {(effect < settings.AllowedDecrease ? "below" : "at")} the allowed decrease {N(settings.AllowedDecrease)}: {label}"
                : $"{shift} but the {measure} {N(effect)} is above the allowed decrease {N(settings.AllowedDecrease)}: {label}";
        }
        return $"{name}: no significant shift: the {interval} for the shift {N(test.Estimate)} reaches into the tolerance band ±{N(band)}: {label}";
    }

    private static string Percent(double level) => (level * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Four significant digits, invariant culture.</summary>
    internal static string N(double value) => double.IsNaN(value) ? "NaN" : value.ToString("G4", CultureInfo.InvariantCulture);
}
