using Spinnaker.Mesh.CanaryJudge.Kayenta;

namespace Spinnaker.Mesh.CanaryJudge.Scoring;

/// <summary>Kayenta's <c>ScoringHelper</c>: drops muted results, scores the rest, classifies the score, builds the result (muted results included).</summary>
public static class ScoringHelper
{
    public static CanaryJudgeResult Score(
        string judgeName,
        CanaryConfig canaryConfig,
        CanaryClassifierThresholdsConfig scoreThresholds,
        IReadOnlyList<CanaryAnalysisResult> metricResults)
    {
        if (scoreThresholds.Pass is not { } pass || scoreThresholds.Marginal is not { } marginal)
            throw new ArgumentException("score thresholds need both pass and marginal", nameof(scoreThresholds));
        var scored = metricResults.Where(r => !r.Muted).ToList();
        var scores = new WeightedSumScorer(canaryConfig.Classifier?.GroupWeights).Score(scored);
        var classification = new ThresholdScoreClassifier(pass, marginal).Classify(scores);
        return new CanaryJudgeResult
        {
            JudgeName = judgeName,
            Results = metricResults,
            GroupScores = [.. scores.GroupScores.Select(g => new CanaryJudgeGroupScore
            {
                Name = g.Name,
                Score = g.Score,
                Classification = "",
                ClassificationReason = "",
            })],
            Score = new CanaryJudgeScore
            {
                Score = classification.Score,
                Classification = classification.Classification.ToString(),
                ClassificationReason = classification.Reason ?? "",
            },
        };
    }
}
