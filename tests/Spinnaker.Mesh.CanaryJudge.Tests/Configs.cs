using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Tests;

/// <summary>Small canary configs and data for specs.</summary>
public static class Configs
{
    public static readonly CanaryClassifierThresholdsConfig Thresholds = new() { Pass = 95, Marginal = 75 };

    public static CanaryMetricConfig Metric(string name, string[] groups, CanaryAnalysisConfiguration? canary = null) => new()
    {
        Name = name,
        Query = new CanaryMetricSetQueryConfig { Type = "prometheus", MetricName = name },
        Groups = groups,
        AnalysisConfigurations = new AnalysisConfigurations { Canary = canary ?? new CanaryAnalysisConfiguration() },
        ScopeName = "default",
    };

    public static CanaryConfig Config(IReadOnlyDictionary<string, double>? weights, params CanaryMetricConfig[] metrics) => new()
    {
        Name = "spec",
        Judge = new CanaryJudgeConfig { Name = NetflixAcaJudge.Name },
        Metrics = metrics,
        Classifier = new CanaryClassifierConfig { GroupWeights = weights ?? new Dictionary<string, double>() },
    };

    public static double[] Baseline(int seed) => Series.Normal(100, 50, 2, seed);
    public static double[] Higher(int seed) => Series.Normal(100, 60, 2, seed);

    public static MetricSetPair Passing(string name, int seed) => MetricSetPair.Of(name, Baseline(seed), Baseline(seed + 1000));
    public static MetricSetPair High(string name, int seed) => MetricSetPair.Of(name, Baseline(seed), Higher(seed + 1000));
    public static MetricSetPair Empty(string name) => MetricSetPair.Of(name, [double.NaN, double.NaN], [double.NaN, double.NaN]);
}
