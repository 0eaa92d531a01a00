namespace Spinnaker.Mesh.CanaryJudge.Scoring;

/// <summary>Orca's stage status for a canary (only the two it produces at aggregation).</summary>
public enum OrcaCanaryStatus
{
    Succeeded,
    Terminal,
}

/// <summary>
/// How Spinnaker turns canary scores into an outcome. Orca and Kayenta's standalone analysis are stricter than the
/// judge's Pass/Marginal/Fail: there is no "marginal" outcome, a score in (marginal, pass) fails at the end.
/// </summary>
public static class CanaryOutcome
{
    /// <summary>
    /// Orca's <c>AggregateCanaryResultsTask</c>: only the last interval score counts. No thresholds → Succeeded;
    /// ≤ marginal → Terminal; no pass threshold → Succeeded; &lt; pass → Terminal; otherwise Succeeded.
    /// </summary>
    public static (OrcaCanaryStatus Status, string Message) OrcaAggregate(IReadOnlyList<double> canaryScores, double? marginal, double? pass)
    {
        if (canaryScores.Count == 0) throw new ArgumentException("at least one interval score is needed", nameof(canaryScores));
        var final = canaryScores[^1];
        var (passed, message) = Aggregate(final, marginal, pass);
        return (passed ? OrcaCanaryStatus.Succeeded : OrcaCanaryStatus.Terminal, message);
    }

    /// <summary>Orca's per-interval rule (<c>MonitorKayentaCanaryTask</c>): an interval score ≤ marginal stops the stage.</summary>
    public static bool OrcaIntervalStops(double intervalScore, double? marginal) => marginal is { } m && intervalScore <= m;

    /// <summary>Kayenta standalone canary analysis' <c>didPassThresholds</c> (same rules, the score kept as a double).</summary>
    public static bool StandaloneDidPassThresholds(double finalCanaryScore, double? marginal, double? pass) =>
        Aggregate(finalCanaryScore, marginal, pass).Passed;

    /// <summary>Orca reads <c>judgeResult.score.score</c> into an Int: Jackson truncates, so 74.99 is 74.</summary>
    public static int OrcaScore(double kayentaScore) => (int)Math.Truncate(kayentaScore);

    private static (bool Passed, string Message) Aggregate(double final, double? marginal, double? pass)
    {
        if (marginal is null && pass is null) return (true, "No score thresholds were specified.");
        if (marginal is { } m && final <= m) return (false, $"Final canary score {final} is not above the marginal score threshold.");
        if (pass is not { } p) return (true, "No pass score threshold was specified.");
        if (final < p) return (false, $"Final canary score {final} is below the pass score threshold.");
        return (true, $"Final canary score {final} met or exceeded the pass score threshold.");
    }
}
