using System.Text.Json;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>Reads <see cref="ExecutionInfo"/> from <c>content.execution</c> (echo.md §5), or what is left of it.</summary>
internal static class ExecutionReader
{
    /// <summary>Application used when neither the execution nor the envelope names one.</summary>
    public const string UnknownApplication = "unknown";

    /// <param name="evt">The event.</param>
    /// <param name="tenant">Tenant of the receipt.</param>
    /// <param name="fallbackStatus">Status when the payload does not carry one (no execution, or a stale status).</param>
    /// <param name="statusMustBeComplete">An end event: a status that is not a completed one is stale; use the fallback.</param>
    public static ExecutionInfo Read(EchoEvent evt, string tenant, string fallbackStatus, bool statusMustBeComplete)
    {
        var execution = evt.Execution;
        var orchestrationEvent = evt.Kind is EchoEventKind.OrchestrationStarting or EchoEventKind.OrchestrationEnded;
        var executionType = execution.Str("type")?.ToUpperInvariant()
            ?? (orchestrationEvent || evt.Content.Bool("standalone") == true ? "ORCHESTRATION" : "PIPELINE");
        var name = executionType == "ORCHESTRATION"
            ? execution.Str("description") ?? execution.Str("name")
            : execution.Str("name");

        var status = Statuses.Normalize(execution.Str("status"));
        if (status is null || (statusMustBeComplete && !Statuses.IsComplete(status))) status = fallbackStatus;

        return new ExecutionInfo(
            Tenant: tenant,
            Application: execution.Str("application") ?? evt.Details.Str("application") ?? evt.Content.Str("application") ?? UnknownApplication,
            ExecutionId: evt.ExecutionId!,
            ExecutionType: executionType,
            PipelineName: name,
            PipelineConfigId: execution.Str("pipelineConfigId"),
            Status: status,
            StartTime: execution.EpochMs("startTime").ToTime(),
            EndTime: execution.EpochMs("endTime").ToTime(),
            Trigger: ReadTrigger(execution.Obj("trigger")),
            Template: ReadTemplate(execution.Obj("source")),
            Canceled: execution.Bool("canceled") ?? evt.Content.Bool("canceled") ?? false,
            CanceledBy: execution.Str("canceledBy"),
            CancellationReason: execution.Str("cancellationReason"));
    }

    /// <summary>How many parent triggers are followed (a child of a child of ...); deeper ones are left out.</summary>
    public const int MaxParentTriggerDepth = 5;

    /// <summary>
    /// The trigger. Orca keeps every key of the original trigger JSON in the nested <c>other</c> map too, so members
    /// missing at the top level are looked up there. Of <c>parentExecution</c>, which can be huge, only the id and its
    /// own trigger are read (recursively, up to <see cref="MaxParentTriggerDepth"/> parents).
    /// </summary>
    public static TriggerInfo? ReadTrigger(JsonElement? trigger) => ReadTrigger(trigger, MaxParentTriggerDepth);

    private static TriggerInfo? ReadTrigger(JsonElement? trigger, int parentsLeft)
    {
        if (trigger is null) return null;
        var other = trigger.Obj("other");
        var buildInfo = trigger.Obj("buildInfo") ?? other.Obj("buildInfo");
        var scm = ReadScm(buildInfo);
        var parentExecution = trigger.Obj("parentExecution") ?? other.Obj("parentExecution");

        return new TriggerInfo(
            Type: trigger.Str("type") ?? other.Str("type") ?? "unknown",
            User: trigger.Str("user") ?? other.Str("user"),
            ParentExecutionId: parentExecution.Str("id")
                ?? trigger.Str("parentExecutionId")
                ?? trigger.Str("parentPipelineId") // pre-2018 pipeline triggers
                ?? other.Str("parentPipelineId"),
            ParentPipelineStageId: trigger.Str("parentPipelineStageId") ?? other.Str("parentPipelineStageId"),
            CorrelationId: trigger.Str("correlationId") ?? other.Str("correlationId"),
            BuildNumber: trigger.Int("buildNumber") ?? other.Int("buildNumber") ?? buildInfo.Int("number"),
            CommitSha: trigger.Str("hash") ?? other.Str("hash") ?? scm?[0].Sha1,
            Branch: trigger.Str("branch") ?? other.Str("branch"),
            Scm: scm,
            Parameters: ReadParameters(trigger.Obj("parameters") ?? other.Obj("parameters")),
            Artifacts: ReadTriggerArtifacts(trigger, other),
            ParentTrigger: parentsLeft > 0 ? ReadTrigger(parentExecution.Obj("trigger"), parentsLeft - 1) : null,
            ParentExecution: ParentExecutionReader.Read(parentExecution));
    }

    /// <summary>
    /// <c>buildInfo.scm</c>: Igor's list of revisions for Jenkins, Travis, Wercker and Concourse builds (one object in
    /// some older payloads). Entries without a <c>sha1</c> are skipped.
    /// </summary>
    private static IReadOnlyList<ScmInfo>? ReadScm(JsonElement? buildInfo)
    {
        var entries = buildInfo.Obj("scm") is { } single ? [single] : buildInfo.Items("scm");
        var scm = new List<ScmInfo>();
        foreach (var entry in entries)
            if (entry.Str("sha1") is { } sha) scm.Add(new ScmInfo(sha, entry.Str("branch")));
        return scm.Count == 0 ? null : scm;
    }

    /// <summary><c>trigger.parameters</c>, each value as text (lists and objects as compact JSON); nulls left out.</summary>
    private static IReadOnlyDictionary<string, string>? ReadParameters(JsonElement? parameters)
    {
        var texts = ArtifactReader.Texts(parameters);
        return texts.Count == 0 ? null : texts;
    }

    /// <summary>The artifacts bound to the trigger's expected artifacts, then those it carried, without repeats.</summary>
    private static IReadOnlyList<ArtifactInfo>? ReadTriggerArtifacts(JsonElement? trigger, JsonElement? other)
    {
        var artifacts = new ArtifactSet();
        foreach (var expected in Either(trigger, other, "resolvedExpectedArtifacts"))
            artifacts.Add(ArtifactReader.Read(((JsonElement?)expected).Obj("boundArtifact")));
        foreach (var artifact in Either(trigger, other, "artifacts")) artifacts.Add(ArtifactReader.Read(artifact));
        return artifacts.ToListOrNull();
    }

    /// <summary>The list member of the trigger, else the copy in <c>other</c>.</summary>
    private static IEnumerable<JsonElement> Either(JsonElement? trigger, JsonElement? other, string name) =>
        trigger.Prop(name) is { ValueKind: JsonValueKind.Array } ? trigger.Items(name) : other.Items(name);

    /// <summary>The managed pipeline template, when <c>source.type</c> is <c>templatedPipeline</c>.</summary>
    public static TemplateInfo? ReadTemplate(JsonElement? source) =>
        string.Equals(source.Str("type"), "templatedPipeline", StringComparison.OrdinalIgnoreCase)
            ? new TemplateInfo(source.Str("id"), source.Str("version"))
            : null;
}

/// <summary>Orca's <c>ExecutionStatus</c> names.</summary>
internal static class Statuses
{
    public const string NotStarted = "NOT_STARTED";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Terminal = "TERMINAL";
    public const string Canceled = "CANCELED";
    public const string Skipped = "SKIPPED";

    private static readonly HashSet<string> Complete =
        ["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"];

    public static string? Normalize(string? status) => status?.Trim().ToUpperInvariant() is { Length: > 0 } s ? s : null;

    public static bool IsComplete(string? status) => status is not null && Complete.Contains(status);

    /// <summary>
    /// The status an end event implies when the payload lacks a usable one: <c>complete</c> is success, <c>skipped</c>
    /// is <c>SKIPPED</c>, <c>failed</c> is <c>CANCELED</c> for a canceled execution and <c>TERMINAL</c> otherwise.
    /// </summary>
    public static string FromOutcome(EchoOutcome outcome, bool canceled) => outcome switch
    {
        EchoOutcome.Complete => Succeeded,
        EchoOutcome.Skipped => Skipped,
        EchoOutcome.Failed => canceled ? Canceled : Terminal,
        _ => Running,
    };
}
