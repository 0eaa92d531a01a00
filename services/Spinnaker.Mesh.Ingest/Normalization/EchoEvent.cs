using System.Text.Json;
using System.Text.RegularExpressions;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>What an Echo event is, from <c>details.type</c> (echo.md §3).</summary>
public enum EchoEventKind
{
    /// <summary><c>details.type</c> is missing or not usable.</summary>
    Unknown,
    PipelineStarting,
    PipelineEnded,
    OrchestrationStarting,
    OrchestrationEnded,
    StageStarting,
    StageEnded,
    TaskStarting,
    TaskEnded,
    Build,
    Git,
    Manual,
    /// <summary>Any other type (docker, helm, webhook, pubsub, unknown <c>orca:*</c> types...).</summary>
    Other,
}

/// <summary>How an Orca event says an execution, stage or task ended.</summary>
public enum EchoOutcome
{
    None,
    Complete,
    Failed,
    Skipped,
}

/// <summary>
/// A view over one Echo event (<c>{details, content, eventId, ...}</c>): the parts the validator checks and the
/// normalizer maps. It holds <see cref="JsonElement"/>s into the receipt's document; nothing is copied or re-serialized.
/// </summary>
public sealed class EchoEvent
{
    private EchoEvent(JsonElement root)
    {
        Root = root;
        if (root.ValueKind != JsonValueKind.Object) return;

        (DetailsKind, Details) = Member(root, "details");
        (ContentKind, Content) = Member(root, "content");
        EventId = root.Str("eventId");

        if (Details is { } details && details.TryGetProperty("type", out var type))
        {
            TypeKind = type.ValueKind;
            Type = type.ValueKind == JsonValueKind.String ? type.GetString()?.Trim() : null;
        }
        CreatedMs = Details.EpochMs("created");
        (Kind, Outcome) = Classify(Type);

        if (Content is { } content && content.TryGetProperty("execution", out var execution))
        {
            ExecutionKind = execution.ValueKind;
            if (execution.ValueKind == JsonValueKind.Object) Execution = execution;
        }
        ExecutionId = Content.Str("executionId") ?? Execution.Str("id");
        StagesKind = Execution is { } exec && exec.TryGetProperty("stages", out var stages) ? stages.ValueKind : JsonValueKind.Undefined;

        if (Kind is EchoEventKind.TaskStarting or EchoEventKind.TaskEnded)
        {
            TaskName = Content.Str("taskName");
            if (TaskName is not null) TaskNameParts = TaskNameParts.Parse(TaskName);
        }
        StageId = Content.Str("stageId")
            ?? TaskNameParts?.StageId
            // A trimmed or pre-2016 payload without the execution: the stage start identifies the stage.
            ?? (Execution is null && Content.EpochMs("startTime") is { } start ? $"legacy-stage@{start}" : null);
    }

    /// <summary>The event as Echo sent it.</summary>
    public JsonElement Root { get; }

    public JsonValueKind RootKind => Root.ValueKind;

    /// <summary><c>details</c> when it is an object (a JSON string holding an object is parsed, as <c>flatten: true</c> sends it).</summary>
    public JsonElement? Details { get; }

    public JsonValueKind DetailsKind { get; }

    /// <summary><c>details.type</c>, trimmed, when it is a string.</summary>
    public string? Type { get; }

    public JsonValueKind TypeKind { get; }

    public EchoEventKind Kind { get; }

    public EchoOutcome Outcome { get; }

    /// <summary><c>content</c> when it is an object (a JSON string holding an object is parsed).</summary>
    public JsonElement? Content { get; }

    public JsonValueKind ContentKind { get; }

    /// <summary><c>content.execution</c> when it is an object.</summary>
    public JsonElement? Execution { get; }

    public JsonValueKind ExecutionKind { get; }

    public JsonValueKind StagesKind { get; }

    /// <summary>The stage objects of <c>content.execution.stages</c>, bare-id entries resolved (see <see cref="ExecutionStages"/>).</summary>
    internal IReadOnlyList<JsonElement> StageElements => _stageElements ??= ExecutionStages.Resolve(Root, Execution);

    private IReadOnlyList<JsonElement>? _stageElements;

    /// <summary><c>content.executionId</c>, else <c>content.execution.id</c>.</summary>
    public string? ExecutionId { get; }

    /// <summary>
    /// The stage a stage or task event is about: <c>content.stageId</c>; else the stage id an old task name starts with;
    /// else, for a payload without <c>content.execution</c>, <c>legacy-stage@{content.startTime}</c>.
    /// </summary>
    public string? StageId { get; }

    /// <summary><c>content.taskName</c> of a task event.</summary>
    public string? TaskName { get; }

    internal TaskNameParts? TaskNameParts { get; }

    /// <summary>Top-level <c>eventId</c> (minted by Echo, or by Gate for manual starts).</summary>
    public string? EventId { get; }

    /// <summary><c>details.created</c> (epoch ms as a string): when Echo built the event.</summary>
    public long? CreatedMs { get; }

    public bool IsOrcaExecutionEvent => Kind is EchoEventKind.PipelineStarting or EchoEventKind.PipelineEnded
        or EchoEventKind.OrchestrationStarting or EchoEventKind.OrchestrationEnded
        or EchoEventKind.StageStarting or EchoEventKind.StageEnded
        or EchoEventKind.TaskStarting or EchoEventKind.TaskEnded;

    public bool IsStageOrTaskEvent => Kind is EchoEventKind.StageStarting or EchoEventKind.StageEnded
        or EchoEventKind.TaskStarting or EchoEventKind.TaskEnded;

    public bool IsTaskEvent => Kind is EchoEventKind.TaskStarting or EchoEventKind.TaskEnded;

    /// <summary>Reads the view; never throws.</summary>
    public static EchoEvent Read(JsonElement root) => new(root);

    private static (JsonValueKind Kind, JsonElement? Value) Member(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return (JsonValueKind.Undefined, null);
        if (value.ValueKind == JsonValueKind.Object) return (JsonValueKind.Object, value);
        if (value.ValueKind == JsonValueKind.String && ParseObject(value.GetString()) is { } parsed) return (JsonValueKind.Object, parsed);
        return (value.ValueKind, null);
    }

    private static JsonElement? ParseObject(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart()[0] != '{') return null;
        try
        {
            var parsed = JsonSerializer.Deserialize<JsonElement>(text);
            return parsed.ValueKind == JsonValueKind.Object ? parsed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (EchoEventKind, EchoOutcome) Classify(string? type)
    {
        if (string.IsNullOrEmpty(type)) return (EchoEventKind.Unknown, EchoOutcome.None);
        var parts = type.ToLowerInvariant().Split(':');
        if (parts is ["orca", var family, var phase])
        {
            var outcome = phase switch
            {
                "complete" => EchoOutcome.Complete,
                "failed" => EchoOutcome.Failed,
                "skipped" => EchoOutcome.Skipped,
                _ => EchoOutcome.None,
            };
            var kind = (family, phase) switch
            {
                ("pipeline", "starting") => EchoEventKind.PipelineStarting,
                ("pipeline", "complete" or "failed") => EchoEventKind.PipelineEnded,
                ("orchestration", "starting") => EchoEventKind.OrchestrationStarting,
                ("orchestration", "complete" or "failed") => EchoEventKind.OrchestrationEnded,
                ("stage", "starting") => EchoEventKind.StageStarting,
                ("stage", "complete" or "failed" or "skipped") => EchoEventKind.StageEnded,
                ("task", "starting") => EchoEventKind.TaskStarting,
                ("task", "complete" or "failed") => EchoEventKind.TaskEnded,
                _ => EchoEventKind.Other,
            };
            return (kind, kind == EchoEventKind.Other ? EchoOutcome.None : outcome);
        }
        return (type.ToLowerInvariant() switch
        {
            "build" => EchoEventKind.Build,
            "git" => EchoEventKind.Git,
            "manual" => EchoEventKind.Manual,
            _ => EchoEventKind.Other,
        }, EchoOutcome.None);
    }
}

/// <summary>
/// <c>content.taskName</c> split up. Current Orca sends <c>&lt;stageType&gt;.&lt;taskName&gt;</c>; old Orca sent
/// <c>&lt;stageId&gt;.&lt;stageType&gt;.&lt;taskName&gt;.&lt;uuid&gt;</c> (see the spinnaker.io example).
/// </summary>
internal sealed partial record TaskNameParts(string? StageId, string? StageType, string TaskName, IReadOnlyList<string> Candidates)
{
    public static TaskNameParts Parse(string taskName)
    {
        var segments = taskName.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        string? stageId = null;
        if (segments.Count > 1 && LooksLikeId(segments[0]))
        {
            stageId = segments[0];
            segments.RemoveAt(0);
        }
        if (segments.Count > 1 && LooksLikeId(segments[^1])) segments.RemoveAt(segments.Count - 1);
        return segments.Count switch
        {
            0 => new TaskNameParts(stageId, null, taskName, [taskName]),
            1 => new TaskNameParts(stageId, null, segments[0], [segments[0]]),
            // Names to try against the stage's tasks, the most likely first.
            _ => new TaskNameParts(stageId, segments[0], segments[^1], Enumerable.Reverse(segments.Skip(1)).ToList()),
        };
    }

    private static bool LooksLikeId(string segment) => Guid.TryParse(segment, out _) || Ulid().IsMatch(segment);

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$")]
    private static partial Regex Ulid();
}
