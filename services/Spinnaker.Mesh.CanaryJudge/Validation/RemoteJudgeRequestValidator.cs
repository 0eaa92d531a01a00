using FluentValidation;
using FluentValidation.Results;
using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Validation;

/// <summary>
/// Checks a <see cref="RemoteJudgeRequest"/> for everything that would make Kayenta's judge throw, and names each
/// offending field by its JSON path (<c>canaryConfig.metrics[2].name</c>, <c>scoreThresholds.pass</c>,
/// <c>metricSetPairList[0].values.control[5]</c>), so an API can answer 400 with the field. A request that passes
/// can be judged by <see cref="NetflixAcaJudge.Judge"/> without an exception.
/// </summary>
public sealed class RemoteJudgeRequestValidator : AbstractValidator<RemoteJudgeRequest>
{
    public RemoteJudgeRequestValidator()
    {
        RuleFor(r => r).Custom((request, context) =>
        {
            var failures = new List<ValidationFailure>();
            CheckThresholds(request.ScoreThresholds, failures);
            var metricNames = CheckConfig(request.CanaryConfig, failures);
            CheckPairs(request.MetricSetPairList, metricNames, failures);
            foreach (var failure in failures) context.AddFailure(failure);
        });
    }

    private static void CheckThresholds(CanaryClassifierThresholdsConfig? thresholds, List<ValidationFailure> failures)
    {
        const string path = "scoreThresholds";
        if (thresholds is null)
        {
            failures.Add(Fail(path, "score thresholds are required (pass and marginal)"));
            return;
        }
        CheckScore(thresholds.Pass, $"{path}.pass", failures);
        CheckScore(thresholds.Marginal, $"{path}.marginal", failures);
    }

    private static void CheckScore(double? value, string path, List<ValidationFailure> failures)
    {
        if (value is null) failures.Add(Fail(path, "is required"));
        else if (!double.IsFinite(value.Value)) failures.Add(Fail(path, "must be a finite number"));
    }

    // The config's metric names, or null when there is no metric list to match pairs against.
    private static HashSet<string>? CheckConfig(CanaryConfig? config, List<ValidationFailure> failures)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        const string path = "canaryConfig";
        if (config is null)
        {
            failures.Add(Fail(path, "a canary config is required"));
            return null;
        }
        if (config.Metrics is null)
        {
            failures.Add(Fail($"{path}.metrics", "is required"));
            return null;
        }
        // The scorer reads the group weights from the classifier; Kayenta fails without one.
        if (config.Classifier is null) failures.Add(Fail($"{path}.classifier", "is required (it holds the group weights)"));
        else
            foreach (var (group, weight) in config.Classifier.GroupWeights ?? new Dictionary<string, double>())
                if (!double.IsFinite(weight))
                    failures.Add(Fail($"{path}.classifier.groupWeights.{group}", "must be a finite number"));

        for (var i = 0; i < config.Metrics.Count; i++)
        {
            var metric = config.Metrics[i];
            var at = $"{path}.metrics[{i}]";
            if (metric is null)
            {
                failures.Add(Fail(at, "must not be null"));
                continue;
            }
            if (string.IsNullOrEmpty(metric.Name)) failures.Add(Fail($"{at}.name", "a metric needs a name"));
            else if (!names.Add(metric.Name)) failures.Add(Fail($"{at}.name", $"another metric is also named '{metric.Name}'; pairs are matched to metrics by name"));
            if (metric.Groups is null) failures.Add(Fail($"{at}.groups", "is required (it may be empty)"));
            CheckOptions(metric, at, failures);
        }
        return names;
    }

    private static void CheckOptions(CanaryMetricConfig metric, string at, List<ValidationFailure> failures)
    {
        var canary = metric.Canary;
        if (canary is null) return;
        var options = $"{at}.{(metric.AnalysisConfigurations?.Canary is not null ? "analysisConfigurations" : "extensions")}.canary";
        if (canary.Outliers is { Strategy: "remove" } outliers && outliers.OutlierFactor is { } factor && !(factor > 0))
            failures.Add(Fail($"{options}.outliers.outlierFactor", "must be greater than zero when outliers are removed"));
        if (canary.EffectSize is { } effect)
        {
            void Finite(double? value, string name)
            {
                if (value is { } v && double.IsNaN(v)) failures.Add(Fail($"{options}.effectSize.{name}", "must be a number"));
            }
            Finite(effect.AllowedIncrease, "allowedIncrease");
            Finite(effect.AllowedDecrease, "allowedDecrease");
            Finite(effect.CriticalIncrease, "criticalIncrease");
            Finite(effect.CriticalDecrease, "criticalDecrease");
        }
    }

    private static void CheckPairs(IReadOnlyList<MetricSetPair>? pairs, HashSet<string>? metricNames, List<ValidationFailure> failures)
    {
        const string path = "metricSetPairList";
        if (pairs is null)
        {
            failures.Add(Fail(path, "a metric set pair list is required (it may be empty)"));
            return;
        }
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            var at = $"{path}[{i}]";
            if (pair is null)
            {
                failures.Add(Fail(at, "must not be null"));
                continue;
            }
            if (string.IsNullOrEmpty(pair.Name)) failures.Add(Fail($"{at}.name", "a metric set pair needs the name of its metric"));
            else if (metricNames is not null && !metricNames.Contains(pair.Name))
                failures.Add(Fail($"{at}.name", $"names metric '{pair.Name}', which the canary config does not have"));
            if (pair.Values is null)
            {
                failures.Add(Fail($"{at}.values", "is required (control and experiment)"));
                continue;
            }
            CheckSide(pair, MetricSetPair.ControlKey, $"{at}.values", failures);
            CheckSide(pair, MetricSetPair.ExperimentKey, $"{at}.values", failures);
        }
    }

    private static void CheckSide(MetricSetPair pair, string side, string at, List<ValidationFailure> failures)
    {
        if (!pair.Values!.TryGetValue(side, out var points) || points is null)
        {
            failures.Add(Fail($"{at}.{side}", "is required (an array of numbers; \"NaN\" for a missing point)"));
            return;
        }
        for (var k = 0; k < points.Length; k++)
            if (points[k] is null)
                failures.Add(Fail($"{at}.{side}[{k}]", "must be a number (write a missing point as \"NaN\")"));
    }

    private static ValidationFailure Fail(string path, string message) => new(path, message);
}
