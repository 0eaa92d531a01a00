using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;
using Spinnaker.Mesh.CanaryScore.Prometheus.Query;
using Spinnaker.Mesh.CanaryScore.Series;

namespace Spinnaker.Mesh.CanaryScore.Prometheus;

/// <summary>
/// Prometheus' HTTP API (<c>/api/v1/...</c>) over Mesh's own series, for Kayenta's Prometheus metric store and
/// Grafana's Prometheus data source. Every answer has Prometheus' shape, failures included.
/// </summary>
internal static partial class PrometheusEndpoints
{
    public static async Task<IResult> QueryRangeAsync(HttpContext http, QueryEngine engine, IOptions<PrometheusApiOptions> options, ILoggerFactory logs) =>
        await RunAsync(http, options.Value, logs, async (p, ct) =>
        {
            var start = p.RequiredTime("start");
            var end = p.RequiredTime("end");
            if (end < start) throw PrometheusApiException.InvalidParameter("end", "end timestamp must not be before start time");
            var step = p.Duration("step") ?? throw PrometheusApiException.InvalidParameter("step", "cannot parse \"\" to a valid duration");
            if (step <= 0)
                throw PrometheusApiException.InvalidParameter("step", "zero or negative query resolution step widths are not accepted. Try a positive integer");
            if ((end - start) / step > PrometheusApiOptions.MaxPointsPerSeries)
                throw new PrometheusApiException(PrometheusApiException.BadData,
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
            var expression = ParseQuery(p);
            var range = new StepRange(start, end, step);
            var result = await engine.EvaluateAsync(http.GetMeshTenant(), expression, range, Lookback(p, options.Value), ct);
            return PrometheusJson.Matrix(result, range);
        });

    public static async Task<IResult> QueryAsync(HttpContext http, QueryEngine engine, IOptions<PrometheusApiOptions> options, TimeProvider clock,
        ILoggerFactory logs) =>
        await RunAsync(http, options.Value, logs, async (p, ct) =>
        {
            var at = p.Time("time", clock.GetUtcNow().ToUnixTimeMilliseconds());
            var expression = ParseQuery(p);
            var result = await engine.EvaluateAsync(http.GetMeshTenant(), expression, StepRange.Instant(at), Lookback(p, options.Value), ct);
            return PrometheusJson.Instant(result, at);
        });

    public static async Task<IResult> LabelsAsync(HttpContext http, SeriesReader reader, QueryEngine engine, IOptions<PrometheusApiOptions> options,
        ILoggerFactory logs) =>
        await RunAsync(http, options.Value, logs, async (p, ct) =>
        {
            var tenant = http.GetMeshTenant();
            var matched = await MatchedSeriesAsync(p, tenant, engine, reader, required: false, ct);
            if (matched is null) return PrometheusJson.Strings(await reader.LabelNamesAsync(tenant, ct));
            var names = matched.SelectMany(s => s.Labels.Keys).Append(LabelMatcher.MetricNameLabel);
            return PrometheusJson.Strings(matched.Count == 0 ? [] : names.Distinct().Order(StringComparer.Ordinal));
        });

    public static async Task<IResult> LabelValuesAsync(HttpContext http, string name, SeriesReader reader, QueryEngine engine,
        IOptions<PrometheusApiOptions> options, ILoggerFactory logs) =>
        await RunAsync(http, options.Value, logs, async (p, ct) =>
        {
            if (!LabelName().IsMatch(name)) throw new PrometheusApiException(PrometheusApiException.BadData, $"invalid label name: \"{name}\"");
            var tenant = http.GetMeshTenant();
            var matched = await MatchedSeriesAsync(p, tenant, engine, reader, required: false, ct);
            if (matched is null) return PrometheusJson.Strings(await reader.LabelValuesAsync(tenant, name, ct));
            return PrometheusJson.Strings(matched.Select(s => s.Label(name)).Where(v => v.Length > 0).Distinct().Order(StringComparer.Ordinal));
        });

    public static async Task<IResult> SeriesAsync(HttpContext http, SeriesReader reader, QueryEngine engine, IOptions<PrometheusApiOptions> options,
        ILoggerFactory logs) =>
        await RunAsync(http, options.Value, logs, async (p, ct) =>
        {
            var matched = await MatchedSeriesAsync(p, http.GetMeshTenant(), engine, reader, required: true, ct);
            return PrometheusJson.LabelSets(matched!.Select(s =>
                (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(s.Labels) { [LabelMatcher.MetricNameLabel] = s.Metric }));
        });

    public static IResult BuildInfo() => PrometheusJson.Object(
    [
        // The Prometheus API level this mirrors, so that clients that read a version (Grafana) pick the matching features.
        new("version", MirroredPrometheusVersion),
        new("revision", "spinnaker-mesh"),
        new("branch", "mesh"),
        new("buildUser", "spinnaker-mesh"),
        new("buildDate", ""),
        new("goVersion", ""),
    ]);

    public const string MirroredPrometheusVersion = "2.53.0";

    public static IResult Metadata() => PrometheusJson.Metadata(SeriesCatalog.All);

    /// <summary>The union of the series every <c>match[]</c> selects (and, with <c>start</c>/<c>end</c>, that have samples then); null without one.</summary>
    private static async Task<List<StoredSeries>?> MatchedSeriesAsync(PrometheusParameters p, string tenant, QueryEngine engine, SeriesReader reader,
        bool required, CancellationToken ct)
    {
        var selectors = p.GetAll("match[]");
        if (selectors.Count == 0)
        {
            if (required) throw new PrometheusApiException(PrometheusApiException.BadData, "no match[] parameter provided");
            return null;
        }
        var found = new Dictionary<Guid, StoredSeries>();
        foreach (var text in selectors)
        {
            QueryExpression parsed;
            try
            {
                parsed = PromQlParser.Parse(text);
            }
            catch (PromQlSyntaxException e)
            {
                throw PrometheusApiException.InvalidParameter("match[]", e.Message);
            }
            if (parsed is not VectorSelector selector)
                throw PrometheusApiException.InvalidParameter("match[]", $"\"{text}\" is not a series selector (name{{label=\"value\"}})");
            foreach (var s in await engine.MatchAsync(tenant, selector, ct)) found.TryAdd(s.Id, s);
        }
        var series = found.Values.ToList();
        if (p.Get("start") is { Length: > 0 } || p.Get("end") is { Length: > 0 })
        {
            var from = p.Time("start", PrometheusParameters.MinTimeMs);
            var to = p.Time("end", PrometheusParameters.MaxTimeMs);
            var withSamples = await reader.WithSamplesAsync([.. series.Select(s => s.Id)], from, to, ct);
            series = [.. series.Where(s => withSamples.Contains(s.Id))];
        }
        series.Sort((a, b) => string.CompareOrdinal(a.Metric, b.Metric) is var byName && byName != 0
            ? byName : string.CompareOrdinal(SeriesKey.LabelsJson(SeriesKey.Canonical(a.Labels)), SeriesKey.LabelsJson(SeriesKey.Canonical(b.Labels))));
        return series;
    }

    private static QueryExpression ParseQuery(PrometheusParameters p)
    {
        try
        {
            return PromQlParser.Parse(p.Get("query") ?? "");
        }
        catch (PromQlSyntaxException e)
        {
            throw PrometheusApiException.InvalidParameter("query", e.Message);
        }
    }

    private static long Lookback(PrometheusParameters p, PrometheusApiOptions options)
    {
        var requested = p.Duration("lookback_delta");
        if (requested is null or 0) return (long)options.LookbackDelta.TotalMilliseconds;
        if (requested < 0) throw PrometheusApiException.InvalidParameter("lookback_delta", "must not be negative");
        return requested.Value;
    }

    /// <summary>Parameters read, the evaluation bounded by the query timeout, and every failure answered in Prometheus' error shape.</summary>
    private static async Task<IResult> RunAsync(HttpContext http, PrometheusApiOptions options, ILoggerFactory logs,
        Func<PrometheusParameters, CancellationToken, Task<IResult>> handle)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        try
        {
            var parameters = await PrometheusParameters.ReadAsync(http.Request, http.RequestAborted);
            var limit = options.QueryTimeout;
            if (parameters.Duration("timeout") is > 0 and var requested && TimeSpan.FromMilliseconds(requested) < limit)
                limit = TimeSpan.FromMilliseconds(requested);
            timeout.CancelAfter(limit);
            return await handle(parameters, timeout.Token);
        }
        catch (PrometheusApiException e)
        {
            return PrometheusJson.Error(e);
        }
        catch (Exception e) when (IsCancellation(e) && !http.RequestAborted.IsCancellationRequested)
        {
            return PrometheusJson.Error(new PrometheusApiException(PrometheusApiException.Timeout, "query timed out in query execution"));
        }
        catch (Exception e) when (IsCancellation(e))
        {
            return Results.Empty;
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            LogStoreUnavailable(logs.CreateLogger(typeof(PrometheusEndpoints)), e);
            return PrometheusJson.Error(new PrometheusApiException(PrometheusApiException.Unavailable, "the series store is unavailable; try again"));
        }
        catch (Exception e) when (e is RegexMatchTimeoutException)
        {
            return PrometheusJson.Error(new PrometheusApiException(PrometheusApiException.Execution, "a regular expression took too long to match a label value"));
        }
        catch (Exception e)
        {
            // Kayenta and Grafana read Prometheus' error shape, not problem+json: a defect is still answered in it.
            LogFailed(logs.CreateLogger(typeof(PrometheusEndpoints)), e);
            return PrometheusJson.Error(new PrometheusApiException(PrometheusApiException.Internal, $"internal error: {e.Message}"));
        }
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || (e is NpgsqlException { InnerException: OperationCanceledException or TimeoutException });

    [LoggerMessage(Level = LogLevel.Error, Message = "Prometheus API: the request failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prometheus API: the series store is unavailable")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
