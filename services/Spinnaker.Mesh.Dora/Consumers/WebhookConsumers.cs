using System.Net.Mime;
using MassTransit;
using Spinnaker.Mesh.Contracts.Changes.V1;
using Spinnaker.Mesh.Contracts.Executions.V1;
using Spinnaker.Mesh.Dora.Intake;
using Spinnaker.Mesh.Dora.Store;

namespace Spinnaker.Mesh.Dora.Consumers;

/// <summary>
/// Commits the gateway accepted (GitHub and GitLab pushes, the generic list): pushed commits go to their repository's
/// stream and classify the applications the <c>repositories</c> setting maps it to; listed commits go to the
/// application they name. One message at a time: a body that cannot be read fails validation on its own (to the error
/// queue, where it is kept).
/// </summary>
internal sealed class CommitWebhookConsumer(DoraRecorder recorder, ILogger<CommitWebhookConsumer> log) : IConsumer<CommitsReported>
{
    public async Task Consume(ConsumeContext<CommitsReported> context)
    {
        var report = context.Message;
        CommitReport commits;
        try
        {
            commits = CommitBodies.Read(report);
        }
        catch (FluentValidation.ValidationException e)
        {
            log.LogWarning("Commits of receipt {ReceiptId} (tenant {Tenant}, {Source}) rejected: {Reason}", report.ReceiptId, report.Tenant, report.Source, e.Message);
            throw;
        }
        await CommitRecording.RecordAsync(recorder, context, report.Tenant, commits, DoraPublishing.Redelivered(context));
    }
}

/// <summary>Echo's re-broadcast git pushes (<c>details.type: git</c>): their commits, once the event carries them.</summary>
internal sealed class GitPushConsumer(DoraRecorder recorder) : IConsumer<GitPushObserved>
{
    public const string Queue = "dora-git-pushes";

    public async Task Consume(ConsumeContext<GitPushObserved> context)
    {
        if (CommitBodies.FromGitPush(context.Message) is not { Commits.Count: > 0 } commits) return;
        await CommitRecording.RecordAsync(recorder, context, context.Message.Tenant, commits, DoraPublishing.Redelivered(context));
    }
}

internal static class CommitRecording
{
    public static async Task RecordAsync(DoraRecorder recorder, ConsumeContext context, string tenant, CommitReport commits, bool redelivered)
    {
        var stream = commits.Application is { } application ? DoraStreams.Application(application) : DoraStreams.Repository(commits.Repository);
        var events = commits.Commits.Select(c => DoraStreams.Commit(tenant, stream, c)).ToList();
        var published = await recorder.RecordAsync(tenant, events,
            commits.Application is { } app ? [app] : [], commits.Application is null ? [commits.Repository] : [], redelivered, context.CancellationToken);
        await DoraPublishing.PublishAsync(context, published, context.CancellationToken);
    }
}

/// <summary>An incident report (upserted by incident id: every receipt is kept, the latest wins).</summary>
internal sealed class IncidentWebhookConsumer(DoraRecorder recorder, ILogger<IncidentWebhookConsumer> log) : IConsumer<IncidentReported>
{
    public async Task Consume(ConsumeContext<IncidentReported> context)
    {
        var report = context.Message;
        IncidentRecorded incident;
        try
        {
            incident = IncidentBody.Read(report);
        }
        catch (FluentValidation.ValidationException e)
        {
            log.LogWarning("Incident of receipt {ReceiptId} (tenant {Tenant}) rejected: {Reason}", report.ReceiptId, report.Tenant, e.Message);
            throw;
        }
        var published = await recorder.RecordAsync(report.Tenant, [DoraStreams.Incident(report.Tenant, incident)], [incident.Application], [],
            DoraPublishing.Redelivered(context), context.CancellationToken);
        await DoraPublishing.PublishAsync(context, published, context.CancellationToken);
    }
}

/// <summary>
/// A raw-JSON endpoint the gateway feeds: a quorum queue bound to the gateway's durable fanout exchange. Receipts arrive
/// as the gateway wrote them, never re-serialized.
/// </summary>
internal abstract class GatewayWebhookDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private readonly string _exchange;

    protected GatewayWebhookDefinition(string queue, string exchange)
    {
        _exchange = exchange;
        EndpointName = queue;
        ConcurrentMessageLimit = 4;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer, IRegistrationContext context)
    {
        endpoint.ConfigureConsumeTopology = false;
        endpoint.DefaultContentType = new ContentType("application/json");
        endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.Bind(_exchange);
    }
}

/// <summary><c>dora-commit-webhooks</c> ← <c>mesh.commit-webhooks</c> (<c>POST /webhooks/github|gitlab|commits</c>).</summary>
internal sealed class CommitWebhookDefinition() : GatewayWebhookDefinition<CommitWebhookConsumer>(Queue, GatewayExchange)
{
    public const string Queue = "dora-commit-webhooks";
    public const string GatewayExchange = "mesh.commit-webhooks";
}

/// <summary><c>dora-incident-webhooks</c> ← <c>mesh.incident-webhooks</c> (<c>POST /webhooks/incidents</c>).</summary>
internal sealed class IncidentWebhookDefinition() : GatewayWebhookDefinition<IncidentWebhookConsumer>(Queue, GatewayExchange)
{
    public const string Queue = "dora-incident-webhooks";
    public const string GatewayExchange = "mesh.incident-webhooks";
}

internal sealed class GitPushDefinition : ConsumerDefinition<GitPushConsumer>
{
    public GitPushDefinition() => EndpointName = GitPushConsumer.Queue;
}
