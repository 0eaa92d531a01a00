using System.Text.Json;

namespace Spinnaker.Mesh.Rollback.Gate;

/// <summary>
/// Reads Gate's <c>GET /applications/{application}/pipelines</c>: Orca's pipeline executions (<c>id</c>, <c>name</c>,
/// <c>pipelineConfigId</c>, <c>status</c>, <c>startTime</c> in epoch milliseconds, <c>trigger</c>), with the
/// <c>meshDecisionId</c> Mesh put into the trigger of the ones it started.
/// </summary>
internal static class GateExecutions
{
    public static IReadOnlyList<GateExecution> Parse(string body, int limit)
    {
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidOperationException($"expected an array, got {json.RootElement.ValueKind}");
        var executions = new List<GateExecution>();
        foreach (var execution in json.RootElement.EnumerateArray())
        {
            if (execution.ValueKind != JsonValueKind.Object || Text(execution, "id") is not { } id) continue;
            var trigger = execution.TryGetProperty("trigger", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            executions.Add(new GateExecution(
                id,
                Text(execution, "name"),
                Text(execution, "pipelineConfigId"),
                Text(execution, "status") ?? "UNKNOWN",
                Millis(execution, "startTime"),
                DecisionIdOf(trigger)));
        }
        // Newest first; an execution not started yet (no startTime) is the newest of all.
        return [.. executions.OrderByDescending(e => e.StartTime ?? DateTimeOffset.MaxValue).Take(limit)];
    }

    private static string? DecisionIdOf(JsonElement trigger)
    {
        if (trigger.ValueKind != JsonValueKind.Object) return null;
        return Text(trigger, "meshDecisionId")
            ?? (trigger.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                ? Text(parameters, "meshDecisionId")
                : null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static DateTimeOffset? Millis(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
