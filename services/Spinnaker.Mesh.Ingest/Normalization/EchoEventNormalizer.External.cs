using System.Globalization;
using Spinnaker.Mesh.Contracts.Executions.V1;

namespace Spinnaker.Mesh.Ingest.Normalization;

// Echo events that are not about an Orca execution: Igor builds, inbound git webhooks, Gate manual starts, the rest.
// Echo's eventId is minted per received event, so it is used only where the event has no better natural key.
public static partial class EchoEventNormalizer
{
    /// <summary>
    /// An Igor <c>build</c> event: <c>content.project.lastBuild</c>. It happened when the build started (still
    /// building) or ended (<c>timestamp + duration</c>). Re-polls of the same state give the same id.
    /// </summary>
    private static NormalizationResult Build(Context c)
    {
        var content = c.Event.Content;
        var project = content.Obj("project");
        if (project.Str("name") is not { } job) return External(c);

        var lastBuild = project.Obj("lastBuild");
        var master = content.Str("master");
        var number = lastBuild.Int("number");
        var building = lastBuild.Bool("building") ?? false;
        var result = lastBuild.Str("result");
        var duration = lastBuild.Long("duration");
        var started = lastBuild.EpochMs("timestamp");
        var happened = building || started is null ? started : started + Math.Max(duration ?? 0, 0);

        var streamId = number is null ? $"build:{master}/{job}" : $"build:{master}/{job}#{number.Value.ToString(CultureInfo.InvariantCulture)}";
        var occurredAt = c.Time(happened);
        var id = c.Id(streamId, "ci-build-observed", building ? "building" : "finished", result);
        var record = new CiBuildObserved(id, occurredAt, c.Tenant, master, job, number, building, result, lastBuild.Str("url"), duration);
        return c.Single(streamId, StreamTypes.Build, record, id, occurredAt);
    }

    /// <summary>
    /// A push on <c>/webhooks/git/{source}</c>: Echo adds <c>repoProject</c>, <c>slug</c>, <c>hash</c>, <c>branch</c>,
    /// <c>action</c> to the content; the SCM's own <c>before</c> and <c>commits[]</c> are in <c>payload</c> (and the content).
    /// </summary>
    private static NormalizationResult Git(Context c)
    {
        var content = c.Event.Content;
        var push = c.Event.Root.Obj("payload") ?? content;
        var before = push.Str("before") ?? content.Str("before");
        var repoProject = content.Str("repoProject");
        var slug = content.Str("slug");
        var hash = content.Str("hash");
        var branch = content.Str("branch");
        var action = content.Str("action");
        var source = c.Event.Details.Str("source");

        var streamId = $"git:{repoProject}/{slug}@{hash ?? c.Event.EventId ?? ContentKey(c)}";
        var occurredAt = c.Time(null);
        var id = c.Id(streamId, "git-push-observed", source, branch, action);
        var record = new GitPushObserved(id, occurredAt, c.Tenant, source, repoProject, slug, branch, hash, action,
            GitCommits.Read(push.Prop("commits") is { ValueKind: System.Text.Json.JsonValueKind.Array } ? push : content, before), before);
        return c.Single(streamId, StreamTypes.Git, record, id, occurredAt);
    }

    /// <summary>Gate's <c>manual</c> event: <c>content.{application, pipelineNameOrId, user, trigger.executionId}</c>.</summary>
    private static NormalizationResult Manual(Context c)
    {
        var content = c.Event.Content;
        var trigger = content.Obj("trigger");
        var application = content.Str("application") ?? c.Event.Details.Str("application");
        var pipeline = content.Str("pipelineNameOrId");
        if (application is null || pipeline is null) return External(c);

        var executionId = trigger.Str("executionId");
        var key = executionId ?? c.Event.EventId ?? trigger.Str("eventId") ?? ContentKey(c);
        var streamId = $"manual-trigger:{key}";
        var occurredAt = c.Time(null);
        var id = c.Id(streamId, "manual-trigger-requested");
        var record = new ManualTriggerRequested(id, occurredAt, c.Tenant, application, pipeline,
            content.Str("user") ?? trigger.Str("user"), executionId);
        return c.Single(streamId, StreamTypes.ManualTrigger, record, id, occurredAt);
    }

    /// <summary>Anything else (docker, helm, webhook, pubsub, unknown <c>orca:*</c> types...), kept with its source and type.</summary>
    private static NormalizationResult External(Context c)
    {
        var source = c.Event.Details.Str("source");
        var type = c.Event.Type!;
        var streamId = $"external:{source ?? "unknown"}:{type}:{c.Event.EventId ?? ContentKey(c)}";
        var occurredAt = c.Time(null);
        var id = c.Id(streamId, "external-event-observed");
        var application = c.Event.Details.Str("application") ?? c.Event.Content.Str("application");
        var record = new ExternalEventObserved(id, occurredAt, c.Tenant, source, type, application, c.Event.EventId);
        return c.Single(streamId, StreamTypes.External, record, id, occurredAt);
    }

    /// <summary>A key for an event without an eventId: the hash of its exact JSON text.</summary>
    private static string ContentKey(Context c) =>
        "sha1-" + DeterministicEventId.From(c.Tenant, c.Event.Root.GetRawText()).ToString("N");
}
