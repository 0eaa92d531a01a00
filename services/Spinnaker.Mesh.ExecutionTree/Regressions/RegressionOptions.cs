using FluentValidation;
using Spinnaker.Mesh.ExecutionTree.Domain;

namespace Spinnaker.Mesh.ExecutionTree.Regressions;

/// <summary>
/// <c>Mesh:ExecutionTree:Regressions</c>: the thresholds of the duration-regression rule (see
/// <see cref="RegressionRule"/>), validated at start. Unset keys keep <see cref="RegressionThresholds.Default"/>.
/// </summary>
internal sealed class RegressionOptions
{
    public const string Section = "Mesh:ExecutionTree:Regressions";

    public int RecentRuns { get; set; } = RegressionThresholds.Default.RecentRuns;

    public int BaselineRuns { get; set; } = RegressionThresholds.Default.BaselineRuns;

    public int MinimumBaselineRuns { get; set; } = RegressionThresholds.Default.MinimumBaselineRuns;

    public double MinimumRatio { get; set; } = RegressionThresholds.Default.MinimumRatio;

    public double SignificanceLevel { get; set; } = RegressionThresholds.Default.SignificanceLevel;

    public RegressionThresholds ToThresholds() =>
        new(RecentRuns, BaselineRuns, MinimumBaselineRuns, MinimumRatio, SignificanceLevel);
}

/// <summary>
/// Checked at start. The window caps keep the exact rank-sum test cheap (its cost grows with the recent runs times
/// the cube of the history), and the significance level must be reachable: with all recent runs slower than every
/// baseline run, p is 1 / C(recent + baseline, recent), so a level at or below that for the shortest baseline would
/// make the rule silent until the baseline grows, or for ever.
/// </summary>
internal sealed class RegressionOptionsValidator : AbstractValidator<RegressionOptions>
{
    public const int MaxRecentRuns = 20;
    public const int MaxBaselineRuns = 100;
    public const double MaxRatio = 100;

    public RegressionOptionsValidator()
    {
        RuleFor(o => o.RecentRuns).InclusiveBetween(3, MaxRecentRuns);
        RuleFor(o => o.BaselineRuns).InclusiveBetween(1, MaxBaselineRuns);
        RuleFor(o => o.MinimumBaselineRuns).InclusiveBetween(1, MaxBaselineRuns)
            .LessThanOrEqualTo(o => o.BaselineRuns).WithMessage("must not exceed BaselineRuns ({ComparisonValue})");
        RuleFor(o => o.MinimumRatio).Must(r => double.IsFinite(r) && r > 1 && r <= MaxRatio)
            .WithMessage($"must be more than 1 and at most {MaxRatio}");
        RuleFor(o => o.SignificanceLevel).ExclusiveBetween(0, 1);
        RuleFor(o => o.SignificanceLevel)
            .Must((o, level) => SmallestPValue(o) < level)
            .WithMessage(o => $"must be above {SmallestPValue(o):G3}, the smallest p-value {o.RecentRuns} recent runs against {o.MinimumBaselineRuns} baseline runs can give")
            .When(o => o.RecentRuns is >= 3 and <= MaxRecentRuns && o.MinimumBaselineRuns is >= 1 and <= MaxBaselineRuns
                       && o.SignificanceLevel is > 0 and < 1);
    }

    /// <summary>1 / C(recent + minimum baseline, recent).</summary>
    private static double SmallestPValue(RegressionOptions o)
    {
        double choices = 1;
        for (var i = 1; i <= o.RecentRuns; i++) choices = choices * (o.MinimumBaselineRuns + i) / i;
        return 1 / choices;
    }
}
