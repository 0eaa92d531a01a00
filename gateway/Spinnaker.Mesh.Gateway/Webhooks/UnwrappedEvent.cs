using System.Text.Json;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// An event taken out of Echo's <c>wrap</c>/<c>flatten</c> envelope: its <c>details</c> and <c>content</c> parsed back
/// from JSON strings when flattened, every other member kept as Echo sent it. This rare path is the only one that
/// re-serializes the event.
/// </summary>
internal sealed class UnwrappedEvent : IDisposable
{
    private readonly JsonElement _event;
    private readonly JsonDocument? _details;
    private readonly JsonDocument? _content;

    private UnwrappedEvent(JsonElement echoEvent, JsonDocument? details, JsonDocument? content)
    {
        _event = echoEvent;
        _details = details;
        _content = content;
    }

    public static UnwrappedEvent? TryCreate(JsonElement echoEvent, out string reason)
    {
        reason = "";
        if (!TryParseFlattened(echoEvent, "details", out var details, ref reason)) return null;
        if (!TryParseFlattened(echoEvent, "content", out var content, ref reason))
        {
            details?.Dispose();
            return null;
        }
        var unwrapped = new UnwrappedEvent(echoEvent, details, content);
        if (unwrapped.HasEventType()) return unwrapped;
        unwrapped.Dispose();
        reason = "the unwrapped event has no string details.type";
        return null;
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var member in _event.EnumerateObject())
        {
            var replacement = member.NameEquals("details") ? _details : member.NameEquals("content") ? _content : null;
            if (replacement is null)
            {
                member.WriteTo(writer);
                continue;
            }
            writer.WritePropertyName(member.Name);
            replacement.RootElement.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    public void Dispose()
    {
        _details?.Dispose();
        _content?.Dispose();
    }

    private bool HasEventType()
    {
        var details = _details?.RootElement ?? (_event.TryGetProperty("details", out var sent) ? sent : default);
        return EchoEnvelope.IsEventDetails(details);
    }

    private static bool TryParseFlattened(JsonElement echoEvent, string member, out JsonDocument? parsed, ref string reason)
    {
        parsed = null;
        if (!echoEvent.TryGetProperty(member, out var value) || value.ValueKind != JsonValueKind.String) return true;
        try
        {
            parsed = JsonDocument.Parse(value.GetString()!, EchoEnvelope.ParseOptions);
            return true;
        }
        catch (JsonException e)
        {
            reason = $"the flattened {member} is not JSON ({e.Message})";
            return false;
        }
    }
}
