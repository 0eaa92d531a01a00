namespace Spinnaker.Mesh.CanaryScore.Judgments;

/// <summary>
/// Kayenta's summary classification (ThresholdScoreClassifier): score ≥ pass → <c>Pass</c>, else score ≥ marginal →
/// <c>Marginal</c>, else <c>Fail</c>; a score equal to a threshold takes the better label.
/// </summary>
/// <remarks>
/// Without thresholds Kayenta cannot classify, but Orca passes such a run (no thresholds → SUCCEEDED), so a run
/// without both thresholds is <c>Pass</c>. With only one: no pass threshold means reaching marginal passes (Orca's
/// rule again), and no marginal threshold means anything below pass fails. (Where Kayenta classified a run that had
/// no thresholds, its own label is kept; see <see cref="CanaryRunReports.Merge"/>.)
/// </remarks>
internal static class CanaryClassification
{
    public const string Pass = "Pass";
    public const string Marginal = "Marginal";
    public const string Fail = "Fail";

    public static string Of(double score, double? pass, double? marginal) => (pass, marginal) switch
    {
        (null, null) => Pass,
        ({ } p, _) when score >= p => Pass,
        (null, { } m) => score >= m ? Pass : Fail,
        (_, { } m) when score >= m => Marginal,
        _ => Fail,
    };
}
