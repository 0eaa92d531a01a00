using FluentValidation;

namespace Spinnaker.Mesh.CanaryScore.Impact.Assessment;

/// <summary>
/// <c>Mesh:Impact:Assessment</c>: when pending assessments are looked at, how the score becomes a verdict, and how
/// long a metric source that is down is waited for. Validated at start; defaults in docs/deployment-impact.md.
/// </summary>
internal sealed class ImpactAssessmentOptions
{
    public const string Section = "Mesh:Impact:Assessment";

    /// <summary>How often each replica looks for assessments that are due (and for verdicts not published yet).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long after the after window ended it is queried: the last scrapes of the window reach the metric source's
    /// storage a scrape interval or two late.
    /// </summary>
    public TimeSpan QueryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A score at or above this passes (Deck's default pass threshold for canaries).</summary>
    public double PassThreshold { get; set; } = 95;

    /// <summary>A score at or above this, below <see cref="PassThreshold"/>, is marginal; below it fails (Deck's default marginal threshold).</summary>
    public double MarginalThreshold { get; set; } = 75;

    /// <summary>Assessments tried while the metric source is unavailable (its client's own retries count as one); then Inconclusive.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Time between two attempts while the metric source is unavailable.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Assessments one replica takes on per poll, one after another.</summary>
    public int MaxPerPoll { get; set; } = 20;
}

internal sealed class ImpactAssessmentOptionsValidator : AbstractValidator<ImpactAssessmentOptions>
{
    public ImpactAssessmentOptionsValidator()
    {
        RuleFor(o => o.PollInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        RuleFor(o => o.QueryDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromHours(1));
        RuleFor(o => o.PassThreshold).InclusiveBetween(0, 100);
        RuleFor(o => o.MarginalThreshold).InclusiveBetween(0, 100)
            .LessThanOrEqualTo(o => o.PassThreshold).WithMessage("must not be above PassThreshold ({ComparisonValue})");
        RuleFor(o => o.MaxAttempts).InclusiveBetween(1, 100);
        RuleFor(o => o.RetryDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(1));
        RuleFor(o => o.MaxPerPoll).InclusiveBetween(1, 1000);
    }
}
