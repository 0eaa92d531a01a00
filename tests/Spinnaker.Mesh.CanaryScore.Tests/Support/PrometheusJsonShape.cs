using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Spinnaker.Mesh.CanaryScore.Tests.Support;

/// <summary>Compares Prometheus responses: by value (numbers as numbers, objects by key), or by shape alone.</summary>
internal static class PrometheusJsonShape
{
    /// <summary>The document with object keys sorted and numbers written as doubles: equal for equal responses, whatever the formatting.</summary>
    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        Write(document.RootElement, text, shapeOnly: false);
        return text.ToString();
    }

    /// <summary>Only the structure: keys, and for values their JSON kind; arrays by their first element.</summary>
    public static string Shape(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder();
        Write(document.RootElement, text, shapeOnly: true);
        return text.ToString();
    }

    private static void Write(JsonElement e, StringBuilder text, bool shapeOnly)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(p.Name).Append(':');
                    Write(p.Value, text, shapeOnly);
                    text.Append(',');
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                foreach (var item in shapeOnly ? e.EnumerateArray().Take(1) : e.EnumerateArray())
                {
                    Write(item, text, shapeOnly);
                    text.Append(',');
                }
                text.Append(']');
                break;
            case JsonValueKind.Number:
                text.Append(shapeOnly ? "number" : e.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.String:
                text.Append(shapeOnly ? "string" : JsonSerializer.Serialize(e.GetString()));
                break;
            default:
                text.Append(e.ValueKind);
                break;
        }
    }
}
