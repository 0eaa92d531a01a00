using Spinnaker.Mesh.CanaryJudge.Kayenta;
using Spinnaker.Mesh.CanaryJudge.Scoring;
using Spinnaker.Mesh.Contracts.Impact.V1;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>An assessment's verdict, its score (null when inconclusive) and why.</summary>
internal sealed record ImpactVerdict(string Verdict, double? Score, string Reason);

/// <summary>
/// The verdict from the judged SLIs, with the canary judge's scoring: the SLIs that could be judged (Pass, High, Low)
/// form one group scored as the share that passed (Kayenta's <see cref="WeightedSumScorer"/>, where a critical
/// failure scores 0), classified against <see cref="ImpactAssessmentOptions.PassThreshold"/> and
/// <see cref="ImpactAssessmentOptions.MarginalThreshold"/> (<see cref="ThresholdScoreClassifier"/>). A critical SLI that
/// got worse fails the deployment whatever the score.
/// </summary>
/// <remarks>
/// Unlike a canary, an SLI without data is left out of the score instead of counting against it: Kayenta fails a
/// canary with half its metrics Nodata, but a missing series says nothing about the deploy, and an assessment must never
/// raise a false alarm. No SLI with data at all is Inconclusive; so is an SLI whose classification failed, unless
/// others were judged.
/// </remarks>
internal static class ImpactVerdicts
{
    public const string Pass = "Pass";
    public const string Marginal = "Marginal";
    public const string Fail = "Fail";
    public const string Inconclusive = "Inconclusive";
    /// <summary>What the API says while the windows have not passed (no event carries it).</summary>
    public const string Pending = "pending";

    public static readonly IReadOnlyList<string> All = [Pass, Marginal, Fail, Inconclusive, Pending];

    private const string Group = "slis";

    public static ImpactVerdict Of(IReadOnlyList<SliImpact> slis, double passThreshold, double marginalThreshold)
    {
        var judged = slis.Where(ImpactClassifications.Judged).ToList();
        if (judged.Count == 0)
            return new ImpactVerdict(Inconclusive, null, slis.All(s => s.Classification == ImpactClassifications.Nodata)
                ? $"no data for any SLI: {Each(slis)}"
                : $"no SLI could be judged: {Each(slis)}");

        var results = judged.Select(s => new CanaryAnalysisResult
        {
            Name = s.Name,
            Classification = s.Classification,
            ClassificationReason = s.Reason,
            Critical = s.Critical && ImpactClassifications.GotWorse(s),
            Groups = [Group],
        }).ToList();
        var scored = new WeightedSumScorer(null).Score(results);
        var score = new ThresholdScoreClassifier(passThreshold, marginalThreshold).Classify(scored);
        var worse = judged.Where(ImpactClassifications.GotWorse).ToList();
        var unjudged = slis.Where(s => !ImpactClassifications.Judged(s)).ToList();
        var notes = unjudged.Count == 0 ? "" : $"; not judged: {Each(unjudged)}";

        var critical = worse.FirstOrDefault(s => s.Critical);
        if (critical is not null)
            return new ImpactVerdict(Fail, score.Score, $"critical SLI '{critical.Name}' got worse ({critical.Classification}){Worse(worse)}{notes}");
        var passed = judged.Count - worse.Count;
        var figures = $"score {SliJudging.N(score.Score)} ({passed} of {judged.Count} SLIs passed)";
        return score.Classification switch
        {
            ScoreClassificationLabel.Pass => new ImpactVerdict(Pass, score.Score, $"{figures}{Worse(worse)}{notes}"),
            ScoreClassificationLabel.Marginal => new ImpactVerdict(Marginal, score.Score,
                $"{figures} is below the pass threshold {SliJudging.N(passThreshold)}{Worse(worse)}{notes}"),
            _ => new ImpactVerdict(Fail, score.Score, $"{figures} is below the marginal threshold {SliJudging.N(marginalThreshold)}{Worse(worse)}{notes}"),
        };
    }

    private static string Worse(IReadOnlyList<SliImpact> worse) =>
        worse.Count == 0 ? "" : "; got worse: " + string.Join(", ", worse.Select(s => $"'{s.Name}' ({s.Classification}, {s.Reason?.Split(';')[0]})"));

    private static string Each(IEnumerable<SliImpact> slis) => string.Join("; ", slis.Select(s => $"'{s.Name}': {s.Reason}"));

    /// <summary>The verdict as the API and the list filter spell it, from any casing; null for anything else.</summary>
    public static string? Canonical(string value) => All.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
}
