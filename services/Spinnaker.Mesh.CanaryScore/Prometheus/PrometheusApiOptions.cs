using FluentValidation;

namespace Spinnaker.Mesh.CanaryScore.Prometheus;

/// <summary>
/// The Prometheus-compatible API's evaluation settings and bounds, from <c>Mesh:CanaryScore:Prometheus</c>, checked at start.
/// </summary>
internal sealed class PrometheusApiOptions
{
    public const string Section = "Mesh:CanaryScore:Prometheus";

    /// <summary>Prometheus' 11,000 points per series of a range query (its own hard limit, kept for clients that rely on it).</summary>
    public const int MaxPointsPerSeries = 11_000;

    /// <summary>How far before a step the latest sample may lie and still count (Prometheus' <c>--query.lookback-delta</c>, 5 minutes).</summary>
    public TimeSpan LookbackDelta { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Series one selector may select; more answers 422 (<c>execution</c>) instead of loading them.</summary>
    public int MaxSeries { get; set; } = 10_000;

    /// <summary>Points (series × steps) one query may load (Prometheus' <c>--query.max-samples</c>, scaled to this service).</summary>
    public int MaxSamples { get; set; } = 5_000_000;

    /// <summary>Longest evaluation (Prometheus' <c>--query.timeout</c>, 2 minutes); a request's <c>timeout</c> may shorten it.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Series a selector may read from the store before the label matchers that SQL cannot apply (regexes, !=) filter them.</summary>
    public int MaxCandidateSeries => MaxSeries * 10;
}

internal sealed class PrometheusApiOptionsValidator : AbstractValidator<PrometheusApiOptions>
{
    public PrometheusApiOptionsValidator()
    {
        RuleFor(o => o.LookbackDelta).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1)).LessThanOrEqualTo(TimeSpan.FromDays(366))
            .WithMessage("must be between 1 ms and 366 days (was {PropertyValue}).");
        RuleFor(o => o.MaxSeries).InclusiveBetween(1, 1_000_000);
        RuleFor(o => o.MaxSamples).InclusiveBetween(1, 100_000_000);
        RuleFor(o => o.QueryTimeout).GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).LessThanOrEqualTo(TimeSpan.FromMinutes(10))
            .WithMessage("must be between 1 s and 10 min (was {PropertyValue}).");
    }
}
