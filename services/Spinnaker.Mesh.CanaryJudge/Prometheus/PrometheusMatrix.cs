using System.Globalization;
using System.Text.Json;

namespace Spinnaker.Mesh.CanaryJudge.Prometheus;

/// <summary>
/// One series of a <c>query_range</c> answer, read as Kayenta reads it (<c>PrometheusResponseConverter.java</c>):
/// <c>__name__</c> dropped from the labels, "+Inf"/"-Inf"/"NaN" as non-finite values, null values skipped, start at
/// the first timestamp (ms, truncated), step the whole seconds between the first two timestamps (0 for one point),
/// end = start + (number of points) · step.
/// </summary>
/// <param name="MetricName">The dropped <c>__name__</c> label, if there was one.</param>
/// <param name="Labels">The remaining labels: Kayenta's tags, which must match across control and experiment.</param>
/// <param name="Values">The values, null ones skipped.</param>
/// <param name="Timestamps">Each kept value's timestamp in epoch milliseconds (truncated), aligned with <see cref="Values"/>.</param>
public sealed record PrometheusSeries(
    string? MetricName,
    IReadOnlyDictionary<string, string> Labels,
    long StartTimeMillis,
    long StepMillis,
    long EndTimeMillis,
    IReadOnlyList<double> Values,
    IReadOnlyList<long> Timestamps)
{
    /// <summary>Kayenta's <c>stepSecs</c>.</summary>
    public long StepSeconds => StepMillis / 1000;
}

/// <summary>Prometheus answered <c>status: "error"</c>.</summary>
public sealed class PrometheusQueryException(string? errorType, string? error)
    : Exception($"Prometheus query failed: {errorType ?? "error"}: {error}")
{
    /// <summary>Prometheus' <c>errorType</c> (bad_data, timeout, execution, ...).</summary>
    public string? ErrorType { get; } = errorType;
    /// <summary>Prometheus' <c>error</c> message.</summary>
    public string? Error { get; } = error;
}

/// <summary>Parses Prometheus HTTP API <c>/api/v1/query_range</c> answers (<c>resultType: "matrix"</c>).</summary>
public static class PrometheusMatrix
{
    /// <summary>The series of a matrix answer; empty for <c>result: []</c> (Kayenta's null: one empty, NaN-padded metric set).</summary>
    /// <exception cref="PrometheusQueryException">the answer has <c>status: "error"</c>.</exception>
    /// <exception cref="FormatException">the answer is not a matrix.</exception>
    public static IReadOnlyList<PrometheusSeries> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    /// <inheritdoc cref="Parse(string)"/>
    public static IReadOnlyList<PrometheusSeries> Parse(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object) throw new FormatException("a Prometheus answer is a JSON object");
        if (response.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "error")
            throw new PrometheusQueryException(OptionalString(response, "errorType"), OptionalString(response, "error"));
        if (!response.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw new FormatException("a Prometheus answer has a data object");
        if (data.TryGetProperty("resultType", out var type) && type.GetString() is { } t && t != "matrix")
            throw new FormatException($"expected resultType matrix, got {t}");
        if (!data.TryGetProperty("result", out var result) || result.ValueKind == JsonValueKind.Null) return [];
        if (result.ValueKind != JsonValueKind.Array) throw new FormatException("data.result is an array");
        var series = new List<PrometheusSeries>(result.GetArrayLength());
        foreach (var element in result.EnumerateArray()) series.Add(ParseSeries(element));
        return series;
    }

    private static PrometheusSeries ParseSeries(JsonElement element)
    {
        var labels = new Dictionary<string, string>();
        string? name = null;
        if (element.TryGetProperty("metric", out var metric) && metric.ValueKind == JsonValueKind.Object)
            foreach (var label in metric.EnumerateObject())
            {
                var value = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
                if (label.Name == "__name__") name = value;
                else labels[label.Name] = value;
            }

        var values = new List<double>();
        var timestamps = new List<long>();
        var tuples = element.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array ? v : default;
        var count = tuples.ValueKind == JsonValueKind.Array ? tuples.GetArrayLength() : 0;
        long start = 0, stepSecs = 0;
        var index = 0;
        if (count > 0)
            foreach (var tuple in tuples.EnumerateArray())
            {
                var millis = Millis(tuple[0]);
                if (index == 0) start = millis;
                // Kayenta: TimeUnit.MILLISECONDS.toSeconds(t1 - t0), a truncating division.
                if (index == 1) stepSecs = (millis - start) / 1000;
                index++;
                var raw = tuple[1];
                if (raw.ValueKind == JsonValueKind.Null) continue;
                values.Add(ParseValue(raw.ValueKind == JsonValueKind.String ? raw.GetString()! : raw.GetRawText()));
                timestamps.Add(millis);
            }
        var end = start + count * stepSecs * 1000;
        return new PrometheusSeries(name, labels, start, stepSecs * 1000, end, values, timestamps);
    }

    // (long)(Double.parseDouble(ts) * 1000), as Kayenta computes it.
    private static long Millis(JsonElement timestamp)
    {
        var seconds = timestamp.ValueKind == JsonValueKind.String
            ? double.Parse(timestamp.GetString()!, CultureInfo.InvariantCulture)
            : timestamp.GetDouble();
        return (long)(seconds * 1000);
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
