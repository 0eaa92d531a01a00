using System.Text.Json;

namespace Spinnaker.Mesh.Ingest.Normalization;

/// <summary>
/// Error messages of a stage or task, deduplicated, in the order found. Orca writes them in several places
/// (echo.md §5 "Failures"; the Orca classes that write each are named):
/// <list type="number">
/// <item><c>context.exception</c>: a thrown task's <c>{details: {error, errors[]}}</c> (<c>ExceptionHandler</c>,
/// <c>RunTaskHandler</c>) or an unstable manifest's <c>{details: {errors}}</c> (<c>WaitForManifestStableTask</c>): the
/// <c>errors</c>, else <c>error</c>, <c>message</c>, <c>responseBody</c> (older Orca), a stack trace's first line, the
/// exception type.</item>
/// <item><c>context.kato.tasks[]</c>: a failed Clouddriver operation's <c>exception.message</c>, its <c>EXCEPTION</c>
/// result objects, else its last history status.</item>
/// <item><c>context.webhook.error</c> and <c>context.webhook.monitor.error</c>: webhook stages
/// (<c>WebhookResponseProcessor</c>, <c>MonitorWebhookTask</c>); a retrying webhook has one while it still runs.</item>
/// <item><c>context.error</c> (a string or <c>{message}</c>, e.g. <c>ImportDeliveryConfigTask</c>) and
/// <c>context.errors</c> (strings or <c>{message}</c>).</item>
/// <item><c>failureMessage</c> in the context or the stage's outputs (Lambda and Cloud Foundry tasks).</item>
/// <item>Each task's <c>taskExceptionDetails.exception</c>, shaped as in 1 (<c>RunTaskHandler</c>).</item>
/// </list>
/// A stage that ends <c>FAILED_CONTINUE</c> gets <c>"&lt;taskName&gt;:"</c> headers appended to
/// <c>exception.details.errors</c> before its tasks' errors (<c>CompleteStageHandler</c>): those headers are dropped.
/// </summary>
internal sealed class ErrorList(IEnumerable<string>? taskNames = null) : OrderedSet
{
    private readonly HashSet<string> _taskHeaders = new((taskNames ?? []).Select(name => name + ":"), StringComparer.Ordinal);

    /// <summary>Every place in a stage's context (and outputs) where Orca leaves an error, in the order listed above.</summary>
    public void AddContext(JsonElement? context, JsonElement? outputs)
    {
        AddException(context.Obj("exception"));
        foreach (var katoTask in context.Items("kato.tasks")) AddKatoTask(katoTask);
        var webhook = context.Obj("webhook");
        Add(Text(webhook.Prop("error")));
        Add(Text(webhook.Obj("monitor").Prop("error")));
        AddMessages(context.Prop("error"));
        AddMessages(context.Prop("errors"));
        Add(Text(context.Prop("failureMessage")) ?? Text(outputs.Prop("failureMessage")));
    }

    public void AddException(JsonElement? exception)
    {
        if (exception is null) return;
        var details = exception.Obj("details");
        var found = false;
        foreach (var error in details.Items("errors"))
        {
            var message = Message(error);
            if (message is not null && _taskHeaders.Contains(message.Trim())) continue;
            found |= message is not null;
            Add(message);
        }
        if (found) return;
        Add(details.Str("error")
            ?? details.Str("message")
            ?? exception.Str("message")
            ?? details.Str("responseBody") // older Orca
            ?? FirstLine(details.Str("stackTrace"))
            ?? exception.Str("exceptionType"));
    }

    public void AddKatoTask(JsonElement katoTask)
    {
        var messages = new List<string?> { katoTask.Obj("exception").Str("message") };
        foreach (var result in katoTask.Items("resultObjects"))
            if (string.Equals(result.Str("type"), "EXCEPTION", StringComparison.OrdinalIgnoreCase))
                messages.Add(result.Str("message") ?? result.Str("cause"));
        foreach (var message in messages) Add(message);
        if (messages.Any(m => m is not null) || katoTask.Obj("status").Bool("failed") != true) return;

        // A failed operation without an exception: its last history entry says what happened.
        string? last = null;
        foreach (var entry in katoTask.Items("history"))
            last = ((JsonElement?)entry).AsString() ?? ((JsonElement?)entry).Str("status") ?? last;
        Add(last ?? $"Clouddriver task {katoTask.Str("id")} failed");
    }

    /// <summary>A message, or an array of them.</summary>
    private void AddMessages(JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.Array } array)
            foreach (var item in array.EnumerateArray()) Add(Message(item));
        else
            Add(Message(value));
    }

    /// <summary>A string, else an object's <c>message</c> or <c>error</c>.</summary>
    private static string? Message(JsonElement? value) =>
        Text(value) ?? Text(value.Prop("message")) ?? Text(value.Prop("error"));

    /// <summary>Only strings are messages (a flag such as <c>error: false</c> is not).</summary>
    private static string? Text(JsonElement? value) => value is { ValueKind: JsonValueKind.String } ? value.AsString() : null;

    private static string? FirstLine(string? text) =>
        text?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? line : null;
}
