using System.Text.Json;
using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Cleaning;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.MannWhitney;
using Spinnaker.Mesh.CanaryJudge.Prometheus;
using Spinnaker.Mesh.CanaryJudge.Scoring;
using Spinnaker.Mesh.CanaryJudge.Statistics;

namespace Spinnaker.Mesh.CanaryJudge.Tests.Conformance;

/// <summary>Runs a case through the port and returns what it computed under the case's expected keys.</summary>
public static class CaseRunner
{
    /// <summary>Seeds the constant-sample noise is tried with: labels must not depend on it.</summary>
    public static readonly long[] NoiseSeeds = [MannWhitneyClassifier.DefaultNoiseSeed, 1, 7, 123456789];

    public static Dictionary<string, object?> Run(JudgeCase c) => c.Kind switch
    {
        "mann_whitney_classifier" => MannWhitneyClassifierCase(c),
        "mean_inequality_classifier" => MeanInequalityCase(c),
        "wilcoxon_diff" => new() { ["value"] = MannWhitneyTest.WilcoxonDiff(c.Parameters.GetProperty("mu").GetDouble(), c.Parameters.GetProperty("zq").GetDouble(), c.Doubles(c.Inputs, "x"), c.Doubles(c.Inputs, "y")) },
        "normal_quantile" => new() { ["value"] = NormalDistribution.InverseCdf(c.Parameters.GetProperty("p").GetDouble()) },
        "mann_whitney_ci" => IntervalCase(c),
        "mann_whitney_intermediate" => IntermediateCase(c),
        "weighted_sum_scorer" => ScorerCase(c),
        "outlier_detector" => new() { ["outliers"] = Detector(c.Parameters).Detect(c.Doubles(c.Inputs, "data")) },
        "transform" => new() { ["data"] = TransformCase(c) },
        "summary_stats" => SummaryCase(c),
        "percentile" => new() { ["value"] = Descriptive.Percentile(c.Doubles(c.Inputs, "data"), c.Parameters.GetProperty("p").GetDouble()) },
        "effect_size" => new() { ["value"] = EffectSizeCase(c) },
        "orca_aggregate" => OrcaCase(c),
        "standalone_aggregate" => new()
        {
            ["didPassThresholds"] = CanaryOutcome.StandaloneDidPassThresholds(
                c.Inputs.GetProperty("finalCanaryScore").GetDouble(), OptionalDouble(c.Parameters, "marginal"), OptionalDouble(c.Parameters, "pass")),
        },
        "prometheus_parse" => PrometheusParseCase(c),
        "prometheus_query" => new() { ["query"] = PrometheusQueryCase(c) },
        "judge_pipeline" => JudgePipelineCase(c),
        _ => throw new NotSupportedException($"unknown case kind {c.Kind}"),
    };

    private static Dictionary<string, object?> MannWhitneyClassifierCase(JudgeCase c)
    {
        var p = c.Parameters;
        var control = c.Doubles(c.Inputs, "control");
        var experiment = c.Doubles(c.Inputs, "experiment");
        var labels = NoiseSeeds.Select(seed =>
        {
            var classifier = new MannWhitneyClassifier(
                p.GetProperty("tolerance").GetDouble(),
                p.GetProperty("confLevel").GetDouble(),
                (p.GetProperty("effectSizeThresholds").GetProperty("allowedDecrease").GetDouble(), p.GetProperty("effectSizeThresholds").GetProperty("allowedIncrease").GetDouble()),
                (p.GetProperty("criticalThresholds").GetProperty("criticalDecrease").GetDouble(), p.GetProperty("criticalThresholds").GetProperty("criticalIncrease").GetDouble()),
                p.GetProperty("effectSizeMeasure").GetString()!,
                seed);
            return classifier.Classify(
                c.Inputs.GetProperty("metricName").GetString()!, control, experiment,
                KayentaEnums.ParseDirection(p.GetProperty("direction").GetString()),
                KayentaEnums.ParseNaNStrategy(p.GetProperty("nanStrategy").GetString()),
                p.GetProperty("isCriticalMetric").GetBoolean(),
                p.GetProperty("isDataRequired").GetBoolean());
        }).ToList();
        var first = labels[0];
        // The label, criticality and reason must not depend on the noise seed (only a constant-samples case adds noise).
        foreach (var other in labels.Skip(1))
        {
            NUnit.Framework.Assert.That(other.Classification, NUnit.Framework.Is.EqualTo(first.Classification), "label depends on the noise seed");
            NUnit.Framework.Assert.That(other.Critical, NUnit.Framework.Is.EqualTo(first.Critical), "criticality depends on the noise seed");
        }
        return new()
        {
            ["classification"] = first.Classification.ToString(),
            ["critical"] = first.Critical,
            ["reasonNonEmpty"] = !string.IsNullOrEmpty(first.Reason),
            ["deviation"] = first.Deviation,
        };
    }

    private static Dictionary<string, object?> MeanInequalityCase(JudgeCase c)
    {
        var p = c.Parameters;
        var result = new MeanInequalityClassifier().Classify(
            c.Doubles(c.Inputs, "control"), c.Doubles(c.Inputs, "experiment"),
            KayentaEnums.ParseDirection(p.GetProperty("direction").GetString()),
            KayentaEnums.ParseNaNStrategy(p.GetProperty("nanStrategy").GetString()),
            p.GetProperty("isCriticalMetric").GetBoolean(),
            p.GetProperty("isDataRequired").GetBoolean());
        return new() { ["classification"] = result.Classification.ToString() };
    }

    private static Dictionary<string, object?> IntervalCase(JudgeCase c)
    {
        var result = MannWhitneyTest.Run(c.Doubles(c.Inputs, "x"), c.Doubles(c.Inputs, "y"), c.Parameters.GetProperty("confLevel").GetDouble());
        return new() { ["ciLower"] = result.Lower, ["ciUpper"] = result.Upper, ["estimate"] = result.Estimate };
    }

    private static Dictionary<string, object?> IntermediateCase(JudgeCase c)
    {
        var x = c.Doubles(c.Inputs, "x");
        var y = c.Doubles(c.Inputs, "y");
        var f = new RankSumShift(x, y);
        var (muMin, muMax) = MannWhitneyTest.Bounds(x, y);
        var alpha = 1.0 - c.Parameters.GetProperty("confLevel").GetDouble();
        var zqLower = -NormalDistribution.InverseCdf(alpha / 2);
        var zqUpper = NormalDistribution.InverseCdf(alpha / 2);
        double Root(double zq) => BrentSolver.Solve(muMin, muMax, f.Diff(muMin, zq), f.Diff(muMax, zq), mu => f.Diff(mu, zq));
        return new()
        {
            ["muMin"] = muMin,
            ["muMax"] = muMax,
            ["zqLower"] = zqLower,
            ["zqUpper"] = zqUpper,
            ["fLowerAtZqLower"] = f.Diff(muMin, zqLower),
            ["fUpperAtZqLower"] = f.Diff(muMax, zqLower),
            ["fLowerAtZqUpper"] = f.Diff(muMin, zqUpper),
            ["fUpperAtZqUpper"] = f.Diff(muMax, zqUpper),
            ["brentRootZqLower"] = Root(zqLower),
            ["brentRootZqUpper"] = Root(zqUpper),
            ["brentRootZero"] = Root(0),
        };
    }

    private static Dictionary<string, object?> ScorerCase(JudgeCase c)
    {
        var results = c.Inputs.GetProperty("results").EnumerateArray().Select(r => new CanaryAnalysisResult
        {
            Name = r.GetProperty("name").GetString(),
            Classification = r.GetProperty("classification").GetString(),
            Critical = r.GetProperty("critical").GetBoolean(),
            Muted = r.GetProperty("muted").GetBoolean(),
            Groups = r.GetProperty("groups").Deserialize<string[]>(),
        }).Where(r => !r.Muted).ToList();
        var weights = c.Parameters.GetProperty("groupWeights").Deserialize<Dictionary<string, double>>()!;
        var scores = new WeightedSumScorer(weights).Score(results);
        var actual = new Dictionary<string, object?>
        {
            ["summaryScore"] = scores.SummaryScore,
            ["groupScores"] = scores.GroupScores.ToDictionary(g => g.Name, g => (object?)g.Score),
            ["groupScoresSorted"] = scores.GroupScores.Select(g => g.Score).Order().ToList(),
        };
        if (c.Parameters.TryGetProperty("scoreThresholds", out var thresholds))
            actual["scoreClassification"] = new ThresholdScoreClassifier(thresholds.GetProperty("pass").GetDouble(), thresholds.GetProperty("marginal").GetDouble())
                .Classify(scores).Classification.ToString();
        return actual;
    }

    private static IOutlierDetector Detector(JsonElement p) => p.GetProperty("detector").GetString() switch
    {
        "iqr" => new IqrDetector(p.GetProperty("factor").GetDouble(), p.GetProperty("reduceSensitivity").GetBoolean()),
        "ksigma" => new KSigmaDetector(p.GetProperty("k").GetDouble()),
        var d => throw new NotSupportedException($"detector {d}"),
    };

    private static double[] TransformCase(JudgeCase c)
    {
        var data = c.Doubles(c.Inputs, "data");
        return c.Parameters.GetProperty("op").GetString() switch
        {
            "removeNaNs" => Transforms.RemoveNaNs(data),
            "replaceNaNs" => Transforms.ReplaceNaNs(data, c.Parameters.GetProperty("value").GetDouble()),
            "removeOutliers" => Transforms.RemoveOutliers(data, Detector(c.Parameters)),
            var op => throw new NotSupportedException($"transform {op}"),
        };
    }

    private static Dictionary<string, object?> SummaryCase(JudgeCase c)
    {
        var stats = MetricStatistics.Of(c.Doubles(c.Inputs, "data"));
        return new() { ["min"] = stats.Min, ["max"] = stats.Max, ["mean"] = stats.Mean, ["std"] = stats.Std, ["count"] = stats.Count };
    }

    private static double EffectSizeCase(JudgeCase c)
    {
        var control = c.Doubles(c.Inputs, "control");
        var experiment = c.Doubles(c.Inputs, "experiment");
        return c.Parameters.GetProperty("measure").GetString() switch
        {
            "meanRatio" => EffectSizes.MeanRatio(control, experiment),
            "cles" => EffectSizes.Cles(control, experiment),
            "cohenD" => EffectSizes.CohenD(control, experiment),
            var m => throw new NotSupportedException($"measure {m}"),
        };
    }

    private static Dictionary<string, object?> OrcaCase(JudgeCase c)
    {
        var scores = c.Doubles(c.Inputs, "canaryScores");
        var thresholds = c.Parameters.GetProperty("scoreThresholds");
        var (status, _) = CanaryOutcome.OrcaAggregate(scores, OptionalDouble(thresholds, "marginal"), OptionalDouble(thresholds, "pass"));
        return new() { ["status"] = status == OrcaCanaryStatus.Succeeded ? "SUCCEEDED" : "TERMINAL" };
    }

    private static Dictionary<string, object?> PrometheusParseCase(JudgeCase c)
    {
        var series = PrometheusMatrix.Parse(c.Inputs.GetProperty("response"));
        // Kayenta's converter answers null for an empty result; the port answers an empty list.
        object? results = series.Count == 0
            ? null
            : series.Select(s => (object?)new Dictionary<string, object?>
            {
                ["startTimeMillis"] = s.StartTimeMillis,
                ["endTimeMillis"] = s.EndTimeMillis,
                ["stepSecs"] = s.StepSeconds,
                ["tags"] = s.Labels.ToDictionary(l => l.Key, l => (object?)l.Value),
                ["values"] = s.Values,
            }).ToList();
        return new() { ["results"] = results };
    }

    private static string PrometheusQueryCase(JudgeCase c)
    {
        var i = c.Inputs;
        var query = new CanaryMetricSetQueryConfig
        {
            Type = "prometheus",
            MetricName = OptionalString(i, "metricName"),
            LabelBindings = i.GetProperty("labelBindings").ValueKind == JsonValueKind.Null ? null : i.GetProperty("labelBindings").Deserialize<string[]>(),
            CustomFilterTemplate = OptionalString(i, "customFilterTemplate"),
            CustomInlineTemplate = OptionalString(i, "customInlineTemplate"),
            ResourceType = OptionalString(i, "resourceType"),
        };
        var scope = new PrometheusScope
        {
            Scope = OptionalString(i, "scope"),
            Location = OptionalString(i, "location"),
            ExtendedScopeParams = i.GetProperty("extendedScopeParams").ValueKind == JsonValueKind.Null
                ? null
                : i.GetProperty("extendedScopeParams").Deserialize<Dictionary<string, string?>>(),
        };
        var templates = i.GetProperty("templates").Deserialize<Dictionary<string, string>>();
        return PrometheusQueryBuilder.Build(query, templates, scope, c.Parameters.GetProperty("scopeLabel").GetString()!);
    }

    private static Dictionary<string, object?> JudgePipelineCase(JudgeCase c)
    {
        var config = c.Inputs.GetProperty("canaryConfig").Deserialize<CanaryConfig>(KayentaJson.Options)!;
        var pairs = c.Inputs.GetProperty("metricSetPairs").Deserialize<List<MetricSetPair>>(KayentaJson.Options)!;
        var thresholds = c.Parameters.GetProperty("scoreThresholds").Deserialize<CanaryClassifierThresholdsConfig>(KayentaJson.Options)!;
        var result = new NetflixAcaJudge().Judge(config, thresholds, pairs);
        return new()
        {
            ["metrics"] = result.Results!.ToDictionary(r => r.Name!, r => (object?)new OpenMap(new Dictionary<string, object?>
            {
                ["classification"] = r.Classification,
                ["critical"] = r.Critical,
                ["classificationReason"] = r.ClassificationReason,
                ["ratio"] = r.Ratio,
            })),
            ["groupScores"] = result.GroupScores!.ToDictionary(g => g.Name!, g => (object?)g.Score),
            ["score"] = result.Score!.Score,
            ["classification"] = result.Score.Classification,
            ["classificationReason"] = result.Score.ClassificationReason,
        };
    }

    private static double? OptionalDouble(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
