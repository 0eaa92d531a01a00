using System.Text.Json;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// The stage objects of <c>content.execution.stages</c>, in order. Orca's stage class carries Jackson's
/// <c>@JsonIdentityInfo(property = "id")</c> (orca: <c>StageExecutionImpl.java</c>): within one serialized event a
/// stage object is written in full the first time and as its bare id string after that. So an entry can be a string:
/// one that repeats a stage listed before it is dropped; one whose object was written earlier elsewhere in the event
/// (a context or output holding the stage) is resolved by one walk of the event; an id found nowhere is skipped, as are
/// entries that are neither objects nor strings. The walk happens only when an entry needs it, and costs one pass over
/// the event.
/// </summary>
internal static class ExecutionStages
{
    public static IReadOnlyList<JsonElement> Resolve(JsonElement root, JsonElement? execution)
    {
        var entries = new List<(JsonElement? Stage, string? BareId)>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in execution.Items("stages"))
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                if (item.Str("id") is { } id) listed.Add(id);
                entries.Add((item, null));
            }
            else if (((JsonElement?)item).AsString() is { } bareId)
            {
                entries.Add((null, bareId));
            }
        }

        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, bareId) in entries)
            if (bareId is not null && !listed.Contains(bareId)) missing.Add(bareId);
        var found = missing.Count == 0 ? [] : FindStageObjects(root, missing);

        var stages = new List<JsonElement>(entries.Count);
        var resolved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stage, bareId) in entries)
        {
            if (stage is { } listedStage) stages.Add(listedStage);
            else if (found.TryGetValue(bareId!, out var elsewhere) && resolved.Add(bareId!)) stages.Add(elsewhere);
        }
        return stages;
    }

    /// <summary>The first object in document order that has one of <paramref name="ids"/> as its id and looks like a stage.</summary>
    private static Dictionary<string, JsonElement> FindStageObjects(JsonElement root, HashSet<string> ids)
    {
        var found = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var pending = new Stack<JsonElement>();
        pending.Push(root);
        while (pending.Count > 0 && found.Count < ids.Count)
        {
            var element = pending.Pop();
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.Str("id") is { } id && ids.Contains(id) && LooksLikeStage(element)) found.TryAdd(id, element);
                // Pushed in reverse so that members are visited in document order.
                foreach (var member in element.EnumerateObject().Reverse()) Push(pending, member.Value);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray().Reverse()) Push(pending, item);
            }
        }
        return found;
    }

    private static void Push(Stack<JsonElement> pending, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array) pending.Push(value);
    }

    /// <summary>Tasks have ids too ("1", "2"...), but only stages have these members.</summary>
    private static bool LooksLikeStage(JsonElement element) =>
        element.TryGetProperty("refId", out _) || element.TryGetProperty("context", out _)
        || element.TryGetProperty("requisiteStageRefIds", out _) || element.TryGetProperty("syntheticStageOwner", out _);
}
