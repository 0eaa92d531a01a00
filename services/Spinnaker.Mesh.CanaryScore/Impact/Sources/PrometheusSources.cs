using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spinnaker.Mesh.CanaryJudge.Prometheus;

namespace Spinnaker.Mesh.CanaryScore.Impact.Sources;

/// <summary>
/// The configured metric sources over Prometheus' HTTP API. A query Prometheus answers with an error (400
/// <c>bad_data</c>, 422 <c>execution</c>) is <see cref="MetricSourceFailure.Refused"/> with Prometheus' own text, at
/// once; a connection failure, a timeout, a 5xx or a 429 is tried again <c>Retries</c> times, <c>RetryDelay</c>
/// apart, then <see cref="MetricSourceFailure.Unavailable"/>. Any other answer (401, 404, a body that is not
/// Prometheus') is a source configured wrongly: <see cref="MetricSourceFailure.Unavailable"/> without retrying.
/// </summary>
internal sealed partial class PrometheusSources(
    IHttpClientFactory clients, IOptions<MetricSourcesOptions> options, TimeProvider clock, ILogger<PrometheusSources> logger) : IMetricSources
{
    private const int MaxQuotedBody = 500;

    public bool Contains(string source) => options.Value.Find(source) is not null;

    /// <summary>The default source's name; empty when no source is configured.</summary>
    public string DefaultSource => options.Value.EffectiveDefault ?? "";

    public async Task<IReadOnlyList<PrometheusSeries>> QueryRangeAsync(
        string? source, string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var (name, settings) = Resolve(source);
        var body = await GetAsync(name, settings, "api/v1/query_range?" + Form(
            ("query", query), ("start", Seconds(start)), ("end", Seconds(end)),
            ("step", step.TotalSeconds.ToString(CultureInfo.InvariantCulture))), cancellationToken);
        try
        {
            return PrometheusMatrix.Parse(body);
        }
        catch (PrometheusQueryException e)
        {
            throw new MetricSourceException(name, MetricSourceFailure.Refused, e.Error ?? e.Message, e.ErrorType);
        }
        // What PrometheusMatrix throws for JSON of another shape: a missing data object, a number where a string is, a short tuple.
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new MetricSourceException(name, MetricSourceFailure.Unavailable,
                $"Metric source '{name}' answered query_range with something other than a Prometheus matrix: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Asks the source to evaluate <paramref name="query"/> once, now (<c>GET /api/v1/query</c>): Prometheus' error
    /// text when it refuses it (a parse error, an execution error), null when it accepts it.
    /// </summary>
    /// <exception cref="MetricSourceException">The source stayed unavailable (<see cref="MetricSourceFailure.Unavailable"/>).</exception>
    public async Task<string?> ValidateQueryAsync(string? source, string query, CancellationToken cancellationToken)
    {
        var (name, settings) = Resolve(source);
        try
        {
            var body = await GetAsync(name, settings, "api/v1/query?" + Form(("query", query), ("time", Seconds(clock.GetUtcNow()))), cancellationToken);
            if (TryReadError(body, out _, out var error)) return error;
            // A 200 that is not Prometheus' (a proxy's login page) must not pass a query unchecked.
            if (!IsSuccess(body))
                throw new MetricSourceException(name, MetricSourceFailure.Unavailable,
                    $"Metric source '{name}' answered query with something other than Prometheus' JSON: {Quote(body)}");
            return null;
        }
        catch (MetricSourceException e) when (e.Failure == MetricSourceFailure.Refused)
        {
            return e.Message;
        }
    }

    private (string Name, MetricSourceOptions Settings) Resolve(string? source)
    {
        var name = string.IsNullOrWhiteSpace(source) ? options.Value.EffectiveDefault : source;
        if (name is not null && options.Value.Find(name) is { } found) return found;
        throw new MetricSourceException(source ?? "", MetricSourceFailure.Unavailable, name is null
            ? $"No metric source is configured ({MetricSourcesOptions.Section}:Sources:{{name}}:Url)."
            : $"No metric source '{name}' is configured ({MetricSourcesOptions.Section}:Sources:{name}:Url).");
    }

    /// <summary>The body of a 2xx answer, after the retries the source's settings allow.</summary>
    private async Task<string> GetAsync(string name, MetricSourceOptions settings, string pathAndQuery, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(MetricSourceClients.NameOf(name));
        var attempts = settings.Retries + 1;
        var failure = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.Timeout);
            try
            {
                using var response = await http.GetAsync(pathAndQuery, deadline.Token);
                var body = await response.Content.ReadAsStringAsync(deadline.Token);
                if (response.IsSuccessStatusCode) return body;
                var status = (int)response.StatusCode;
                if (status is 400 or 422 && TryReadError(body, out var errorType, out var error))
                    throw new MetricSourceException(name, MetricSourceFailure.Refused, error, errorType);
                failure = $"answered {status} {response.ReasonPhrase}: {Quote(body)}";
                if (status < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                    throw new MetricSourceException(name, MetricSourceFailure.Unavailable, $"Metric source '{name}' {failure}");
            }
            catch (HttpRequestException e)
            {
                failure = $"could not be reached: {e.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"did not answer within {settings.Timeout}";
            }
            LogAttemptFailed(name, attempt, attempts, failure);
            if (attempt < attempts) await Task.Delay(settings.RetryDelay, clock, cancellationToken);
        }
        throw new MetricSourceException(name, MetricSourceFailure.Unavailable,
            $"Metric source '{name}' {failure} ({attempts} {(attempts == 1 ? "attempt" : "attempts")})");
    }

    /// <summary>Prometheus' error answer: <c>{"status":"error","errorType":"bad_data","error":"..."}</c>.</summary>
    private static bool TryReadError(string body, out string? errorType, out string error)
    {
        errorType = null;
        error = "";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.GetString() != "error") return false;
            errorType = root.TryGetProperty("errorType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            error = root.TryGetProperty("error", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() ?? "" : errorType ?? "error";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsSuccess(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "success";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Quote(string body)
    {
        var text = TryReadError(body, out _, out var error) ? error : body.Trim();
        return text.Length <= MaxQuotedBody ? text : text[..MaxQuotedBody] + "…";
    }

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Form(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metric source {Source}, attempt {Attempt} of {Attempts}: {Failure}")]
    private partial void LogAttemptFailed(string source, int attempt, int attempts, string failure);
}
