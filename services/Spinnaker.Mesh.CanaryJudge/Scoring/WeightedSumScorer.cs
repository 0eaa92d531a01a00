using Spinnaker.Mesh.CanaryJudge.Classification;
using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Scoring;

/// <summary>A group's score: the share of Pass among its Pass, High, Low and NodataFailMetric metrics (0 and <see cref="NoData"/> when none).</summary>
public sealed record GroupScore(string Name, double Score, bool NoData, IReadOnlyDictionary<string, int> LabelCounts, int NumMetrics);

/// <summary>The scorer's result: group scores, the summary score (rounded) and why it is 0 when a rule forced it.</summary>
public sealed record ScoreResult(IReadOnlyList<GroupScore> GroupScores, double SummaryScore, int NumMetrics, string? Reason);

/// <summary>
/// Kayenta's <c>WeightedSumScorer</c>. A critical non-Pass metric, or half or more Nodata metrics, makes the summary 0.
/// Otherwise summary = Σ score_g · w_g / 100 over the groups present (a noData group counts 100), where configured
/// groups keep their weight and groups without one share what the configured weights leave of 100. Weights are not
/// normalised: a configured group with no metrics loses its weight.
/// </summary>
public sealed class WeightedSumScorer(IReadOnlyDictionary<string, double>? groupWeights)
{
    public const int NodataThreshold = 50;
    private readonly IReadOnlyDictionary<string, double> _groupWeights = groupWeights ?? new Dictionary<string, double>();

    /// <summary>Scores results that are already free of muted metrics.</summary>
    public ScoreResult Score(IReadOnlyList<CanaryAnalysisResult> results)
    {
        var groupScores = GroupScores(results);
        var failure = results.FirstOrDefault(r => r.Critical && r.Classification != nameof(MetricClassificationLabel.Pass));
        if (failure is not null)
            return new ScoreResult(groupScores, 0.0, results.Count, $"Canary Failed: {failure.ClassificationReason ?? "null"}");
        if (TooManyNodata(results))
            return new ScoreResult(groupScores, 0.0, results.Count, $"Canary Failed: {NodataThreshold}% or more metrics returned NODATA");
        return new ScoreResult(groupScores, SummaryScore(groupScores), results.Count, null);
    }

    private static List<GroupScore> GroupScores(IReadOnlyList<CanaryAnalysisResult> results)
    {
        // Groups in order of first appearance (Kayenta's is hash order, which carries no meaning).
        var labels = new Dictionary<string, List<string>>();
        var order = new List<string>();
        foreach (var result in results)
            foreach (var group in result.Groups ?? [])
            {
                if (!labels.TryGetValue(group, out var list))
                {
                    labels[group] = list = [];
                    order.Add(group);
                }
                list.Add(result.Classification ?? "");
            }
        return [.. order.Select(name => GroupScoreOf(name, labels[name]))];
    }

    private static GroupScore GroupScoreOf(string name, List<string> labels)
    {
        var counts = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        int Count(MetricClassificationLabel label) => counts.GetValueOrDefault(label.ToString());
        var numPass = Count(MetricClassificationLabel.Pass);
        var numTotal = Count(MetricClassificationLabel.High) + Count(MetricClassificationLabel.Low) + numPass
                       + Count(MetricClassificationLabel.NodataFailMetric);
        var noData = numTotal == 0;
        var score = noData ? 0.0 : numPass / (double)numTotal * 100;
        return new GroupScore(name, score, noData, counts, labels.Count);
    }

    private static bool TooManyNodata(IReadOnlyList<CanaryAnalysisResult> results)
    {
        var nodata = results.Count(r => r.Classification == nameof(MetricClassificationLabel.Nodata));
        // With no results this is NaN, which is not ≥ 50, as in Kayenta.
        var nodataPercent = nodata / (double)results.Count * 100;
        return nodataPercent >= NodataThreshold;
    }

    private double SummaryScore(IReadOnlyList<GroupScore> groups)
    {
        var groupWeightSum = _groupWeights.Values.Sum();
        var unweighted = groups.Select(g => g.Name).Distinct().Count(name => !_groupWeights.ContainsKey(name));
        var calculatedWeight = unweighted > 0 ? (100 - groupWeightSum) / unweighted : 0.0;
        var summary = 0.0;
        foreach (var group in groups)
        {
            var effectiveScore = group.NoData ? 100.0 : group.Score;
            var weight = _groupWeights.TryGetValue(group.Name, out var configured) ? configured : calculatedWeight;
            summary += effectiveScore * (weight / 100);
        }
        return HalfUp.Round(summary, 2);
    }

    /// <summary>The weight each present group gets (configured, or its share of the rest), for explanations.</summary>
    public IReadOnlyDictionary<string, double> EffectiveWeights(IReadOnlyList<GroupScore> groups)
    {
        var unweighted = groups.Count(g => !_groupWeights.ContainsKey(g.Name));
        var calculated = unweighted > 0 ? (100 - _groupWeights.Values.Sum()) / unweighted : 0.0;
        return groups.ToDictionary(g => g.Name, g => _groupWeights.TryGetValue(g.Name, out var w) ? w : calculated);
    }
}
