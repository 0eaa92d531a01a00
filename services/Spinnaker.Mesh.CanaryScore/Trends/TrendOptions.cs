using FluentValidation;

namespace Spinnaker.Mesh.CanaryScore.Trends;

/// <summary>
/// <c>Mesh:CanaryScore:Trends</c>: when a service's canary scores (per canary config) count as trending toward
/// failure (see <see cref="TrendRule"/>), and how many runs the trends API shows. Validated at start.
/// </summary>
internal sealed class TrendOptions
{
    public const string Section = "Mesh:CanaryScore:Trends";

    /// <summary>Slope rule: the latest runs the least-squares line is fitted to (k).</summary>
    public int SlopeRuns { get; set; } = 8;

    /// <summary>Slope rule: fewer runs than this and the slope is not judged.</summary>
    public int MinimumSlopeRuns { get; set; } = 5;

    /// <summary>Slope rule: the one-sided p-value of the negative slope must be below this.</summary>
    public double SignificanceLevel { get; set; } = 0.05;

    /// <summary>Slope rule: the fitted line must reach the marginal threshold within this many further runs (n).</summary>
    public int ProjectionRuns { get; set; } = 3;

    /// <summary>Consecutive-marginal rule: this many latest runs all Marginal (m).</summary>
    public int ConsecutiveMarginalRuns { get; set; } = 3;

    /// <summary>Runs per service and config the trends API lists (its score series), newest last.</summary>
    public int SeriesRuns { get; set; } = 20;

    /// <summary>The runs the rule needs to look at.</summary>
    public int EvaluatedRuns => Math.Max(SlopeRuns, ConsecutiveMarginalRuns);
}

/// <summary>
/// Checked at start: a slope needs three points for a residual variance (one degree of freedom), the window must hold
/// the minimum, the level must be a probability a one-sided test can reach, and the windows stay small (the rule reads
/// them after every judgment).
/// </summary>
internal sealed class TrendOptionsValidator : AbstractValidator<TrendOptions>
{
    public const int MaxRuns = 200;

    public TrendOptionsValidator()
    {
        RuleFor(o => o.MinimumSlopeRuns).InclusiveBetween(3, MaxRuns);
        RuleFor(o => o.SlopeRuns).InclusiveBetween(3, MaxRuns)
            .GreaterThanOrEqualTo(o => o.MinimumSlopeRuns).WithMessage("must be at least MinimumSlopeRuns ({ComparisonValue})");
        RuleFor(o => o.SignificanceLevel).ExclusiveBetween(0, 0.5);
        RuleFor(o => o.ProjectionRuns).InclusiveBetween(0, MaxRuns);
        RuleFor(o => o.ConsecutiveMarginalRuns).InclusiveBetween(1, MaxRuns);
        RuleFor(o => o.SeriesRuns).InclusiveBetween(1, 1000);
    }
}
