using System.Text.Json;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// How Echo packed the event. A plain endpoint gets the event itself (<c>raw</c>). With <c>wrap: true</c> it arrives as
/// <c>{"eventName": …, "payload": {event}}</c>, and <c>flatten: true</c> turns the event's <c>details</c> and
/// <c>content</c> into JSON strings (with or without <c>wrap</c>). Consumers always get the plain event.
/// </summary>
internal static class EchoEnvelope
{
    public const string Raw = "raw";
    public const string Wrapped = "wrapped";
    public const string WrappedFlattened = "wrapped-flattened";
    /// <summary><c>flatten: true</c> without <c>wrap</c>: not in the contract's original list, but Echo can send it.</summary>
    public const string Flattened = "flattened";

    /// <summary>Flattened members are parsed as deep as the body itself (<see cref="ReceivedWebhook.ParseOptions"/>).</summary>
    public static JsonDocumentOptions ParseOptions => ReceivedWebhook.ParseOptions;

    /// <summary>The envelope of <paramref name="body"/>, or null (with the reason) when it does not hold an Echo event.</summary>
    public static string? Classify(JsonElement body, out string reason)
    {
        reason = "";
        if (body.ValueKind != JsonValueKind.Object)
        {
            reason = $"the body is a JSON {body.ValueKind}, not an object";
            return null;
        }
        if (HasEventType(body)) return Raw;
        if (body.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
            return IsFlattened(payload) ? WrappedFlattened : Wrapped;
        if (IsFlattened(body)) return Flattened;
        reason = "the body has no string details.type";
        return null;
    }

    /// <summary>The event inside the envelope: <c>payload</c> when wrapped, else the body itself.</summary>
    public static JsonElement EventOf(JsonElement body, string envelope) =>
        envelope is Wrapped or WrappedFlattened ? body.GetProperty("payload") : body;

    /// <summary>What makes a JSON object an Echo event: <c>details</c> is an object with a string <c>type</c>.</summary>
    public static bool IsEventDetails(JsonElement details) =>
        details.ValueKind == JsonValueKind.Object
        && details.TryGetProperty("type", out var type)
        && type.ValueKind == JsonValueKind.String;

    private static bool HasEventType(JsonElement echoEvent) =>
        echoEvent.TryGetProperty("details", out var details) && IsEventDetails(details);

    private static bool IsFlattened(JsonElement echoEvent) =>
        echoEvent.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.String;
}
