using System.Globalization;

namespace Spinnaker.Mesh.CanaryScore.Trends;

/// <summary>One judged run of a trend, oldest first in a series.</summary>
internal sealed record TrendPoint(string JudgmentId, DateTimeOffset JudgedAt, double Score, string Classification, double? PassThreshold, double? MarginalThreshold);

/// <summary>The figures behind a verdict (null where a rule had too little to go on).</summary>
/// <param name="Runs">Runs the slope was fitted to.</param>
/// <param name="SlopePerRun">Least-squares slope of score against run index.</param>
/// <param name="PValue">One-sided p-value of the slope being negative (t-test, runs − 2 degrees of freedom).</param>
/// <param name="ProjectedScore">The fitted line's score <see cref="ProjectionRuns"/> runs after the latest.</param>
/// <param name="MarginalThreshold">The latest run's marginal threshold.</param>
/// <param name="ConsecutiveMarginal">How many of the latest runs in a row are Marginal.</param>
internal sealed record TrendFigures(
    int Runs, double? SlopePerRun, double? PValue, double? ProjectedScore, double? MarginalThreshold, int ProjectionRuns, int ConsecutiveMarginal);

/// <summary>Whether a trend is heading for failure, which rule says so (<c>slope</c>, <c>consecutive-marginal</c>), and why.</summary>
internal sealed record TrendVerdict(bool Trending, string? Rule, string Evidence, TrendFigures Figures);

/// <summary>
/// A service's canary scores (per config) trend toward failure when either rule holds on its latest runs:
/// <list type="number">
/// <item><b>slope</b>: over the last k runs (<see cref="TrendOptions.SlopeRuns"/>, at least
/// <see cref="TrendOptions.MinimumSlopeRuns"/>), the least-squares slope of score against run index is negative and
/// significant (one-sided t-test, p &lt; <see cref="TrendOptions.SignificanceLevel"/>), and the fitted line is at or below
/// the latest marginal threshold within the next n runs (<see cref="TrendOptions.ProjectionRuns"/>). A run with no
/// marginal threshold cannot fire it. Runs are equally spaced by index, not time: canaries run when pipelines do.</item>
/// <item><b>consecutive-marginal</b>: the last m runs (<see cref="TrendOptions.ConsecutiveMarginalRuns"/>) are all Marginal.</item>
/// </list>
/// The slope rule is reported when both hold.
/// </summary>
internal static class TrendRule
{
    public const string Slope = "slope";
    public const string ConsecutiveMarginal = "consecutive-marginal";

    public static TrendVerdict Evaluate(IReadOnlyList<TrendPoint> series, TrendOptions options)
    {
        var window = series.Skip(Math.Max(0, series.Count - options.SlopeRuns)).ToList();
        var marginal = series.Count > 0 ? series[^1].MarginalThreshold : null;
        var marginalRun = series.Reverse().TakeWhile(p => p.Classification == Judgments.CanaryClassification.Marginal).Count();

        double? slope = null, pValue = null, projected = null;
        if (window.Count >= options.MinimumSlopeRuns)
        {
            var fit = Fit(window.Select(p => p.Score).ToList());
            slope = fit.Slope;
            pValue = fit.PValueNegative;
            projected = fit.Intercept + fit.Slope * (window.Count - 1 + options.ProjectionRuns);
        }
        var figures = new TrendFigures(window.Count, slope, pValue, projected, marginal, options.ProjectionRuns, marginalRun);

        var slopeFires = slope < 0 && pValue < options.SignificanceLevel && marginal is { } m && projected <= m;
        if (slopeFires)
            return new TrendVerdict(true, Slope, SlopeEvidence(figures, options, fires: true), figures);
        if (marginalRun >= options.ConsecutiveMarginalRuns)
            return new TrendVerdict(true, ConsecutiveMarginal, MarginalEvidence(figures, options, fires: true), figures);
        var evidence = window.Count < options.MinimumSlopeRuns
            ? $"{window.Count} runs, fewer than the {options.MinimumSlopeRuns} the slope rule needs; {MarginalEvidence(figures, options, fires: false)}"
            : $"{SlopeEvidence(figures, options, fires: false)}; {MarginalEvidence(figures, options, fires: false)}";
        return new TrendVerdict(false, null, evidence, figures);
    }

    private static string SlopeEvidence(TrendFigures f, TrendOptions options, bool fires)
    {
        var significance = f.PValue < options.SignificanceLevel ? "significant" : "not significant";
        var reach = f.MarginalThreshold is { } m
            ? string.Create(CultureInfo.InvariantCulture, $"{(f.ProjectedScore <= m ? (fires ? "reaches" : "is at or below") : "stays above")} the marginal threshold {m:0.##}")
            : "(no marginal threshold to reach)";
        return string.Create(CultureInfo.InvariantCulture,
            $"slope {f.SlopePerRun:0.###} per run over the last {f.Runs} runs (one-sided p {FormatP(f.PValue)}, {significance} at {options.SignificanceLevel}); projected score after {f.ProjectionRuns} more runs {f.ProjectedScore:0.##} {reach}");
    }

    private static string MarginalEvidence(TrendFigures f, TrendOptions options, bool fires) => fires
        ? string.Create(CultureInfo.InvariantCulture, $"the last {f.ConsecutiveMarginal} runs are all Marginal (rule: {options.ConsecutiveMarginalRuns} in a row)")
        : string.Create(CultureInfo.InvariantCulture, $"{f.ConsecutiveMarginal} Marginal in a row at the end (rule: {options.ConsecutiveMarginalRuns})");

    /// <summary>"= 0.0123", or "< 0.0001" where four decimals would print a misleading 0.</summary>
    private static string FormatP(double? p) =>
        p is null ? "unknown" : p < 0.0001 ? "< 0.0001" : "= " + p.Value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Least squares of y against x = 0..n−1, and the one-sided p-value P(T ≤ t) of the slope's t statistic.</summary>
    public static (double Slope, double Intercept, double PValueNegative) Fit(IReadOnlyList<double> y)
    {
        var n = y.Count;
        if (n < 3) throw new ArgumentException("A slope test needs at least three points.", nameof(y));
        var meanX = (n - 1) / 2.0;
        var meanY = y.Average();
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            sxx += (i - meanX) * (i - meanX);
            sxy += (i - meanX) * (y[i] - meanY);
        }
        var slope = sxy / sxx;
        var intercept = meanY - slope * meanX;
        double sse = 0;
        for (var i = 0; i < n; i++)
        {
            var residual = y[i] - (intercept + slope * i);
            sse += residual * residual;
        }
        var standardError = Math.Sqrt(sse / (n - 2) / sxx);
        // A perfect line has no residual: its slope is certain (p 0 when falling, 1 when flat or rising).
        var p = standardError < 1e-12 * Math.Max(1, Math.Abs(slope))
            ? slope < 0 ? 0 : 1
            : StudentT.Cdf(slope / standardError, n - 2);
        return (slope, intercept, p);
    }
}
