using FluentValidation;

namespace Spinnaker.Mesh.Rollback.Incidents;

/// <summary><c>Mesh:Rollback:Incidents</c>: how failures are gathered into incidents and how much history is kept.</summary>
internal sealed class IncidentOptions
{
    public const string Section = "Mesh:Rollback:Incidents";

    /// <summary>
    /// A failure of a pipeline that ends at most this long after the last failure of its open incident joins it; one
    /// that ends later opens a new incident. Default one day.
    /// </summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Runs kept per pipeline in the run history (the baseline for "what changed", and the ledger against
    /// redelivery). A run that ended before all of them, once the history is full, is too old to judge and ignored.
    /// </summary>
    public int HistoryPerPipeline { get; set; } = 50;

    /// <summary>Execution events decided at once per replica (each pipeline one at a time, whatever this is).</summary>
    public int ConcurrentMessageLimit { get; set; } = 8;
}

internal sealed class IncidentOptionsValidator : AbstractValidator<IncidentOptions>
{
    public static readonly TimeSpan MaxJoinWindow = TimeSpan.FromDays(30);

    public IncidentOptionsValidator()
    {
        RuleFor(o => o.JoinWindow)
            .GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(MaxJoinWindow)
            .WithMessage($"must be more than zero and at most {MaxJoinWindow} (was {{PropertyValue}}).");
        RuleFor(o => o.HistoryPerPipeline).InclusiveBetween(2, 10_000);
        RuleFor(o => o.ConcurrentMessageLimit).InclusiveBetween(1, 64);
    }
}
