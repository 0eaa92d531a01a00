namespace Spinnaker.Mesh.CanaryJudge.Scoring;

/// <summary>The summary classification: Pass, Marginal or Fail (Kayenta also names Nodata and Error, never produced).</summary>
public enum ScoreClassificationLabel
{
    Pass,
    Marginal,
    Fail,
}

public sealed record ScoreClassification(ScoreClassificationLabel Classification, string? Reason, double Score);

/// <summary>Kayenta's <c>ThresholdScoreClassifier</c>: score ≥ pass → Pass; else score ≥ marginal → Marginal; else Fail.</summary>
public sealed class ThresholdScoreClassifier(double passThreshold, double marginalThreshold)
{
    public ScoreClassification Classify(ScoreResult scores)
    {
        var score = scores.SummaryScore;
        var label = score >= passThreshold ? ScoreClassificationLabel.Pass
            : score >= marginalThreshold ? ScoreClassificationLabel.Marginal
            : ScoreClassificationLabel.Fail;
        return new ScoreClassification(label, scores.Reason, score);
    }
}
