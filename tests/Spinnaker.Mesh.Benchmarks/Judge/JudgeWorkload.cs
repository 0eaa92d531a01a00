using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.Benchmarks.Judge;

/// <summary>
/// A realistic canary to judge: 50 metrics in 5 groups, 1,000 points per side. Noisy (normal noise, a few spikes),
/// every fifth metric shifted up 3%, every seventh with 5% NaN on a side, every third with outlier removal, some
/// critical, one with constant (quantised) values on both sides.
/// </summary>
public static class JudgeWorkload
{
    public const int Metrics = 50;
    public const int Points = 1_000;

    public static (CanaryConfig Config, CanaryClassifierThresholdsConfig Thresholds, List<MetricSetPair> Pairs) Create(int seed = 42)
    {
        var random = new Random(seed);
        var metrics = new List<CanaryMetricConfig>();
        var pairs = new List<MetricSetPair>();
        for (var m = 0; m < Metrics; m++)
        {
            var name = $"metric-{m:D2}";
            metrics.Add(new CanaryMetricConfig
            {
                Name = name,
                Groups = [$"group-{m % 5}"],
                Query = new CanaryMetricSetQueryConfig { Type = "prometheus", MetricName = name.Replace('-', '_') },
                AnalysisConfigurations = new AnalysisConfigurations
                {
                    Canary = new CanaryAnalysisConfiguration
                    {
                        Critical = m % 10 == 0,
                        Direction = m % 4 == 0 ? "increase" : "either",
                        Outliers = m % 3 == 0 ? new OutlierConfiguration { Strategy = "remove", OutlierFactor = 3.0 } : null,
                        EffectSize = m % 6 == 0 ? new EffectSizeConfiguration { Measure = "cles", AllowedIncrease = 0.8, AllowedDecrease = 0.2 } : null,
                    },
                },
            });
            var level = 10 + random.NextDouble() * 1000;
            var shift = m % 5 == 0 ? 1.03 : 1.0;
            var control = Noisy(random, level, 0.05);
            var experiment = Noisy(random, level * shift, 0.05);
            if (m % 7 == 0) SprinkleNaN(random, m % 2 == 0 ? control : experiment, 0.05);
            if (m == 49)
            {
                control = Enumerable.Repeat(2.0, Points).ToArray();
                experiment = Enumerable.Repeat(3.0, Points).ToArray();
            }
            pairs.Add(MetricSetPair.Of(name, control, experiment, new Dictionary<string, string> { ["job"] = "app" }, $"id-{m}"));
        }
        var config = new CanaryConfig
        {
            Name = "benchmark",
            Judge = new CanaryJudgeConfig { Name = NetflixAcaJudge.Name },
            Metrics = metrics,
            Classifier = new CanaryClassifierConfig { GroupWeights = new Dictionary<string, double> { ["group-0"] = 40, ["group-1"] = 30 } },
        };
        return (config, new CanaryClassifierThresholdsConfig { Pass = 95, Marginal = 75 }, pairs);
    }

    public static double[] Noisy(Random random, double level, double relativeSd)
    {
        var values = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            // Rounded to 3 significant-ish decimals, as scraped metrics are, so there are ties; 0.5% spikes.
            values[i] = Math.Round(level * (1 + relativeSd * z) * (random.NextDouble() < 0.005 ? 5 : 1), 2);
        }
        return values;
    }

    private static void SprinkleNaN(Random random, double[] values, double share)
    {
        for (var i = 0; i < values.Length; i++)
            if (random.NextDouble() < share) values[i] = double.NaN;
    }
}
