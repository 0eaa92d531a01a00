using System.Text.Json;
using static Spinnaker.Mesh.Gateway.Webhooks.BodyFields;

namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// An incident, <c>{ "incidentId", "application", "source", "changeCaused", "linkedExecutionId"?, "startedAt", "resolvedAt"? }</c>:
/// who it is, whether a change caused it, and when it started and (once known) ended, both with their offset.
/// </summary>
internal static class IncidentBody
{
    public static InvalidField? FindInvalid(JsonElement incident)
    {
        if (RequireObject(incident, "an incident { \"incidentId\", \"application\", \"source\", \"changeCaused\", \"startedAt\", ... }") is { } notObject)
            return notObject;
        if (RequireString(incident, "incidentId", "incidentId") is { } id) return id;
        if (RequireString(incident, "application", "application") is { } application) return application;
        if (RequireString(incident, "source", "source") is { } source) return source;
        if (Member(incident, "changeCaused") is not { ValueKind: JsonValueKind.True or JsonValueKind.False })
            return new InvalidField("changeCaused", "changeCaused must be a boolean: whether a change to production caused the incident.");
        if (Member(incident, "linkedExecutionId") is { } linked && (linked.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(linked.GetString())))
            return new InvalidField("linkedExecutionId", "linkedExecutionId, when given, must be a non-empty string (the Spinnaker execution id).");
        if (RequireInstant(incident, "startedAt", "startedAt", out var startedAt) is { } started) return started;
        if (Member(incident, "resolvedAt") is null) return null;
        if (RequireInstant(incident, "resolvedAt", "resolvedAt", out var resolvedAt) is { } resolved) return resolved;
        return resolvedAt < startedAt
            ? new InvalidField("resolvedAt", $"resolvedAt ({resolvedAt:O}) is before startedAt ({startedAt:O}).")
            : null;
    }
}
