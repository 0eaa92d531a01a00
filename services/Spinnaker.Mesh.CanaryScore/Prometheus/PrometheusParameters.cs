using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace Spinnaker.Mesh.CanaryScore.Prometheus;

/// <summary>
/// A request's parameters as Prometheus reads them: from the URL, or from a form-encoded POST body (which wins, like
/// Go's <c>FormValue</c>); times as unix seconds with decimals or RFC 3339; durations as seconds or <c>1h30m</c>.
/// </summary>
internal sealed partial class PrometheusParameters
{
    private readonly IQueryCollection _query;
    private readonly IFormCollection? _form;

    private PrometheusParameters(IQueryCollection query, IFormCollection? form)
    {
        _query = query;
        _form = form;
    }

    public static async Task<PrometheusParameters> ReadAsync(HttpRequest request, CancellationToken ct) =>
        new(request.Query, request.HasFormContentType ? await request.ReadFormAsync(ct) : null);

    public string? Get(string name)
    {
        if (_form is not null && _form.TryGetValue(name, out var posted) && posted.Count > 0) return posted[0];
        return _query.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;
    }

    public IReadOnlyList<string> GetAll(string name)
    {
        var values = new List<string>();
        if (_form is not null && _form.TryGetValue(name, out var posted)) values.AddRange(posted.OfType<string>());
        if (_query.TryGetValue(name, out StringValues query)) values.AddRange(query.OfType<string>());
        return values;
    }

    /// <summary>A time in unix milliseconds; <paramref name="fallback"/> when absent or empty.</summary>
    public long Time(string name, long fallback) => Get(name) is { Length: > 0 } text ? ParseTime(name, text) : fallback;

    /// <summary>A time in unix milliseconds that must be given.</summary>
    public long RequiredTime(string name) => ParseTime(name, Get(name) ?? "");

    /// <summary>A duration in milliseconds, null when absent or empty.</summary>
    public long? Duration(string name) => Get(name) is { Length: > 0 } text ? ParseDuration(name, text) : null;

    // Prometheus' own "all time" bounds (its minTime/maxTime), which clients send when they mean no bound.
    private const string MinTimeFormatted = "-292273086-05-16T16:47:06Z";
    private const string MaxTimeFormatted = "292277025-08-18T07:12:54.999999999Z";
    public const long MinTimeMs = -62_135_596_800_000L;
    public const long MaxTimeMs = 253_402_300_799_999L;

    public static long ParseTime(string name, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            // Whole seconds, then the fraction rounded to milliseconds, as Prometheus does.
            var whole = Math.Truncate(seconds);
            var fraction = Math.Round((seconds - whole) * 1000) / 1000;
            var ms = whole * 1000 + fraction * 1000;
            if (ms < MinTimeMs || ms > MaxTimeMs)
                throw PrometheusApiException.InvalidParameter(name, $"cannot parse \"{text}\" to a valid timestamp: outside the years 1 to 9999");
            return (long)Math.Round(ms);
        }
        if (text == MinTimeFormatted) return MinTimeMs;
        if (text == MaxTimeFormatted) return MaxTimeMs;
        if (Rfc3339().Match(text) is { Success: true } m)
        {
            // .NET keeps 7 fractional digits; Prometheus keeps milliseconds anyway.
            var fractional = m.Groups["fraction"].Value;
            var trimmed = m.Groups["head"].Value + (fractional.Length > 0 ? "." + fractional[..Math.Min(7, fractional.Length)] : "") + m.Groups["zone"].Value;
            if (DateTimeOffset.TryParse(trimmed.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                return time.ToUnixTimeMilliseconds();
        }
        throw PrometheusApiException.InvalidParameter(name, $"cannot parse \"{text}\" to a valid timestamp");
    }

    public static long ParseDuration(string name, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || Math.Abs(seconds * 1e9) > long.MaxValue)
                throw PrometheusApiException.InvalidParameter(name, $"cannot parse \"{text}\" to a valid duration. It overflows int64");
            return (long)(seconds * 1000);
        }
        if (text == "0") return 0;
        var m = PrometheusDuration().Match(text);
        if (text.Length == 0 || !m.Success) throw PrometheusApiException.InvalidParameter(name, $"cannot parse \"{text}\" to a valid duration");
        long Part(string group, long unitMs) => m.Groups[group].Success ? long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) * unitMs : 0;
        try
        {
            return checked(Part("y", 365L * 86_400_000) + Part("w", 7L * 86_400_000) + Part("d", 86_400_000) + Part("h", 3_600_000)
                + Part("m", 60_000) + Part("s", 1000) + Part("ms", 1));
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            throw PrometheusApiException.InvalidParameter(name, $"cannot parse \"{text}\" to a valid duration");
        }
    }

    [GeneratedRegex(@"^(?<head>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d+))?(?<zone>[Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"^(?:(?<y>[0-9]+)y)?(?:(?<w>[0-9]+)w)?(?:(?<d>[0-9]+)d)?(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?(?:(?<ms>[0-9]+)ms)?$")]
    private static partial Regex PrometheusDuration();
}
