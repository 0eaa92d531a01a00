using System.Text.Json;
using Spinnaker.Mesh.CanaryScore.Prometheus.Query;
using Spinnaker.Mesh.CanaryScore.Series;

namespace Spinnaker.Mesh.CanaryScore.Prometheus;

/// <summary>
/// Prometheus' response bodies, written field by field so that they are exactly Prometheus' shape: timestamps as JSON
/// numbers of unix seconds (<c>1599657179.540</c>), values as strings (<c>"+Inf"</c>, <c>"0.1"</c>).
/// </summary>
internal static class PrometheusJson
{
    public static IResult Matrix(QueryResult result, StepRange range) => Success(w =>
    {
        w.WriteStartObject();
        w.WriteString("resultType", "matrix");
        w.WriteStartArray("result");
        if (result.Scalar is { } scalar)
        {
            // A number over a range reads as one series without labels, as in Prometheus.
            var constant = new ResultSeries(new Dictionary<string, string>(), range.Count);
            for (var i = 0; i < range.Count; i++) constant.Set(i, scalar);
            WriteSeries(w, constant, range);
        }
        foreach (var series in result.Series) WriteSeries(w, series, range);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static IResult Instant(QueryResult result, long atMs) => Success(w =>
    {
        w.WriteStartObject();
        if (result.Scalar is { } scalar)
        {
            w.WriteString("resultType", "scalar");
            w.WritePropertyName("result");
            WritePoint(w, atMs, scalar);
        }
        else
        {
            w.WriteString("resultType", "vector");
            w.WriteStartArray("result");
            foreach (var series in result.Series)
            {
                w.WriteStartObject();
                WriteMetric(w, series.Labels);
                w.WritePropertyName("value");
                WritePoint(w, atMs, series.Values[0]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    public static IResult Strings(IEnumerable<string> values) => Success(w =>
    {
        w.WriteStartArray();
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    });

    public static IResult LabelSets(IEnumerable<IReadOnlyDictionary<string, string>> sets) => Success(w =>
    {
        w.WriteStartArray();
        foreach (var labels in sets)
        {
            w.WriteStartObject();
            foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) w.WriteString(name, value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static IResult Object(IEnumerable<KeyValuePair<string, string>> fields) => Success(w =>
    {
        w.WriteStartObject();
        foreach (var (name, value) in fields) w.WriteString(name, value);
        w.WriteEndObject();
    });

    public static IResult Metadata(IEnumerable<MeshSeries> series) => Success(w =>
    {
        w.WriteStartObject();
        foreach (var s in series)
        {
            w.WriteStartArray(s.Name);
            w.WriteStartObject();
            w.WriteString("type", s.Type);
            w.WriteString("help", s.Help);
            w.WriteString("unit", "");
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    });

    public static IResult Error(PrometheusApiException error) => new Body(error.StatusCode, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteString("errorType", error.ErrorType);
        w.WriteString("error", error.Message);
        w.WriteEndObject();
    });

    private static IResult Success(Action<Utf8JsonWriter> data) => new Body(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WritePropertyName("data");
        data(w);
        w.WriteEndObject();
    });

    private static void WriteSeries(Utf8JsonWriter w, ResultSeries series, StepRange range)
    {
        w.WriteStartObject();
        WriteMetric(w, series.Labels);
        w.WriteStartArray("values");
        for (var step = 0; step < range.Count; step++)
            if (series.Present[step]) WritePoint(w, range.At(step), series.Values[step]);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMetric(Utf8JsonWriter w, IReadOnlyDictionary<string, string> labels)
    {
        w.WriteStartObject("metric");
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) w.WriteString(name, value);
        w.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter w, long atMs, double value)
    {
        w.WriteStartArray();
        w.WriteRawValue(PrometheusValues.FormatTimestamp(atMs), skipInputValidation: true);
        w.WriteStringValue(PrometheusValues.FormatValue(value));
        w.WriteEndArray();
    }

    /// <summary>Writes straight to the response: a year of points for thousands of series is never held as a string.</summary>
    private sealed class Body(int statusCode, Action<Utf8JsonWriter> write) : IResult
    {
        // Prometheus escapes only what JSON requires; label values such as "/uri-1" or "a<b" read back unchanged either way.
        private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = statusCode;
            http.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, Options);
            write(writer);
            await writer.FlushAsync(http.RequestAborted);
        }
    }
}
