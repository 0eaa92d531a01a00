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

    /// <summary>
    /// The trigger. Orca keeps every key of the original trigger JSON in the nested <c>other</c> map too, so members
    /// missing at the top level are looked up there. Only ids are read from <c>parentExecution</c>, which can be huge.
    /// </summary>
    public static TriggerInfo? ReadTrigger(JsonElement? trigger)
    {
        if (trigger is null) return null;
        var other = trigger.Obj("other");
        var buildInfo = trigger.Obj("buildInfo") ?? other.Obj("buildInfo");
        string? firstScmSha = null;
        foreach (var scm in buildInfo.Items("scm"))
        {
            firstScmSha = scm.Str("sha1");
            break;
        }

        return new TriggerInfo(
            Type: trigger.Str("type") ?? other.Str("type") ?? "unknown",
            User: trigger.Str("user") ?? other.Str("user"),
            ParentExecutionId: trigger.Obj("parentExecution").Str("id")
                ?? other.Obj("parentExecution").Str("id")
                ?? trigger.Str("parentExecutionId")
                ?? trigger.Str("parentPipelineId") // pre-2018 pipeline triggers
                ?? other.Str("parentPipelineId"),
            ParentPipelineStageId: trigger.Str("parentPipelineStageId") ?? other.Str("parentPipelineStageId"),
            CorrelationId: trigger.Str("correlationId") ?? other.Str("correlationId"),
            BuildNumber: trigger.Int("buildNumber") ?? other.Int("buildNumber") ?? buildInfo.Int("number"),
            CommitSha: trigger.Str("hash") ?? other.Str("hash") ?? firstScmSha);
    }

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
