using BenchmarkDotNet.Attributes;
using Spinnaker.Mesh.CanaryJudge;
using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.MannWhitney;

namespace Spinnaker.Mesh.Benchmarks.Judge;

/// <summary>
/// The canary judge's CPU cost: a whole judgment of <see cref="JudgeWorkload"/> (50 metrics × 2 × 1,000 points), and
/// the Mann–Whitney interval of one metric (2 × 1,000 points) alone, fast (sort once, merge per root-finder step) and
/// as the textbook re-ranking computation would do it.
/// </summary>
[MemoryDiagnoser]
public class JudgeBenchmarks
{
    private readonly NetflixAcaJudge _judge = new();
    private CanaryConfig _config = null!;
    private CanaryClassifierThresholdsConfig _thresholds = null!;
    private List<MetricSetPair> _pairs = null!;
    private double[] _control = null!;
    private double[] _experiment = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_config, _thresholds, _pairs) = JudgeWorkload.Create();
        var random = new Random(7);
        _control = JudgeWorkload.Noisy(random, 250, 0.05);
        _experiment = JudgeWorkload.Noisy(random, 257.5, 0.05);
    }

    /// <summary>(a) The canary: cleaning, classification, explanation and scoring of all 50 metrics.</summary>
    [Benchmark]
    public CanaryJudgeResult JudgeCanary() => _judge.Judge(_config, _thresholds, _pairs);

    /// <summary>(b) The 98% interval and estimate for one metric of 2 × 1,000 points.</summary>
    [Benchmark]
    public MannWhitneyResult MannWhitneyOneMetric() => MannWhitneyTest.Run(_experiment, _control, 0.98);

    /// <summary>(c) As (b) but re-ranking the pooled sample at every step, for comparison.</summary>
    [Benchmark]
    public double MannWhitneyOneMetricReRanking() => NaiveInterval.Run(_experiment, _control, 0.98);
}
