using System.Text.RegularExpressions;
using FluentValidation;

namespace Spinnaker.Mesh.CanaryScore.Impact.Sources;

/// <summary>
/// <c>Mesh:Impact:Sources:{name}</c> (each a Prometheus-compatible HTTP API) and <c>Mesh:Impact:DefaultSource</c>,
/// checked at start. No source configured: deployment impact has nothing to query, and every policy is refused.
/// </summary>
internal sealed class MetricSourcesOptions
{
    public const string Section = "Mesh:Impact";

    public Dictionary<string, MetricSourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Required with more than one source; the only one's name otherwise.</summary>
    public string? DefaultSource { get; set; }

    /// <summary>The source a policy without <c>source</c> reads: <see cref="DefaultSource"/>, else the only source, else none.</summary>
    public string? EffectiveDefault => !string.IsNullOrWhiteSpace(DefaultSource) ? Find(DefaultSource)?.Name
        : Sources.Count == 1 ? Sources.Keys.Single() : null;

    /// <summary>A source by name, ignoring case as configuration keys do; its name as configured.</summary>
    public (string Name, MetricSourceOptions Settings)? Find(string name)
    {
        foreach (var (key, settings) in Sources)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return (key, settings);
        return null;
    }
}

/// <summary>One metric source: where it answers, how it is authenticated, how long and how often to try.</summary>
internal sealed class MetricSourceOptions
{
    /// <summary>Base URL; the API is under <c>{Url}/api/v1/</c> (e.g. <c>http://prometheus:9090</c>, or Mesh's <c>http://gateway/api/prometheus</c>).</summary>
    public string? Url { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer ...</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>With <see cref="Password"/>: sent as <c>Authorization: Basic ...</c>.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts after the first when the source is unreachable, times out or answers 5xx/429.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>Pause between attempts.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Every failure names its key (<c>Mesh:Impact:Sources:prometheus:Url</c>). Messages never quote a token or a
/// password: start-up failures are logged.
/// </summary>
internal sealed partial class MetricSourcesOptionsValidator : AbstractValidator<MetricSourcesOptions>
{
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);
    public const int MaxRetries = 10;

    public MetricSourcesOptionsValidator()
    {
        RuleFor(o => o).Custom((options, context) =>
        {
            foreach (var (name, source) in options.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                void Fail(string setting, string message) => context.AddFailure($"Sources.{name}.{setting}", message);
                if (!SourceName().IsMatch(name))
                    context.AddFailure($"Sources.{name}", "a source name is letters, digits, '_' or '-'");
                CheckUrl(source.Url, Fail);
                if (!string.IsNullOrEmpty(source.BearerToken) && (!string.IsNullOrEmpty(source.Username) || !string.IsNullOrEmpty(source.Password)))
                    Fail(nameof(source.BearerToken), "give either BearerToken or Username and Password, not both");
                if (!string.IsNullOrEmpty(source.Username) && string.IsNullOrEmpty(source.Password))
                    Fail(nameof(source.Password), "is required with Username");
                if (string.IsNullOrEmpty(source.Username) && !string.IsNullOrEmpty(source.Password))
                    Fail(nameof(source.Username), "is required with Password");
                if (source.Username?.Contains(':', StringComparison.Ordinal) == true)
                    Fail(nameof(source.Username), "must not contain ':' (basic authentication separates user and password with it)");
                if (source.Timeout <= TimeSpan.Zero || source.Timeout > MaxTimeout)
                    Fail(nameof(source.Timeout), $"must be more than 0 and at most {MaxTimeout} (was {source.Timeout})");
                if (source.Retries is < 0 or > MaxRetries)
                    Fail(nameof(source.Retries), $"must be between 0 and {MaxRetries} (was {source.Retries})");
                if (source.RetryDelay < TimeSpan.Zero || source.RetryDelay > MaxRetryDelay)
                    Fail(nameof(source.RetryDelay), $"must be between 0 and {MaxRetryDelay} (was {source.RetryDelay})");
            }

            var names = string.Join(", ", options.Sources.Keys.Order(StringComparer.Ordinal));
            if (!string.IsNullOrWhiteSpace(options.DefaultSource))
            {
                if (options.Find(options.DefaultSource) is null)
                    context.AddFailure(nameof(options.DefaultSource), options.Sources.Count == 0
                        ? $"names '{options.DefaultSource}' but no source is configured under {MetricSourcesOptions.Section}:Sources"
                        : $"names '{options.DefaultSource}', which is not a configured source ({names})");
            }
            else if (options.Sources.Count > 1)
                context.AddFailure(nameof(options.DefaultSource), $"is required when more than one source is configured ({names})");
        });
    }

    private static void CheckUrl(string? url, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(url)) { fail(nameof(MetricSourceOptions.Url), "is required: the source's base URL, e.g. http://prometheus:9090"); return; }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            fail(nameof(MetricSourceOptions.Url), "must be an absolute http or https URL, e.g. http://prometheus:9090");
        else if (uri.UserInfo.Length > 0)
            // URLs are logged; credentials belong in Username/Password.
            fail(nameof(MetricSourceOptions.Url), "must not carry credentials; set Username and Password (or BearerToken) instead");
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            fail(nameof(MetricSourceOptions.Url), "must be a base URL without query or fragment; the API is under {Url}/api/v1/");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SourceName();
}
