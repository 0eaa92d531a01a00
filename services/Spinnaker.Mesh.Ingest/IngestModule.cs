using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Spinnaker.Mesh.Ingest.Consumers;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Ingest.Receipts;
using Spinnaker.Mesh.Ingest.Rejections;
using Spinnaker.Mesh.Ingest.Replay;
using Spinnaker.Mesh.Ingest.Timeline;

namespace Spinnaker.Mesh.Ingest;

/// <summary>The ingest service's registrations: event types, projections, tables, consumer, query endpoints.</summary>
internal static class IngestModule
{
    public const string Schema = "ingest";

    public static void ConfigureEventStore(StoreOptions options)
    {
        // Stored under their stable aliases, never CLR names: moving a record does not orphan its events.
        foreach (var (alias, type) in IngestEventTypes.All) options.Events.MapEventType(type, alias);
        // Each event keeps the webhook it came from (receiptId, echoType, receivedAt) in mt_events.headers.
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Projections.Add(new ExecutionTimelineProjection(), ProjectionLifecycle.Inline);
        // Written in the batch's transaction; created and migrated by Weasel with Marten's own tables.
        options.Storage.ExtendedSchemaObjects.Add(ReceiptLog.Table);
        options.Storage.ExtendedSchemaObjects.Add(RejectionStore.Table);
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<EchoWebhookConsumer, EchoWebhookConsumerDefinition>();

    public static WebApplicationBuilder AddIngestModule(this WebApplicationBuilder builder)
    {
        builder.AddMeshOptions<IngestOptions>(IngestOptions.Section);
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<RejectionStore>();
        builder.Services.AddSingleton<ReceiptLog>();
        return builder;
    }

    public static WebApplication MapIngestEndpoints(this WebApplication app)
    {
        app.MapGet("/api/executions/{executionId}/events", ExecutionEventsEndpoint.HandleAsync);
        var ingest = app.MapGroup("/api/ingest");
        ingest.MapGet("/receipts/{receiptId:guid}", ReceiptEndpoint.HandleAsync);
        ingest.MapGet("/rejections", RejectionEndpoints.ListAsync);
        ingest.MapGet("/rejections/{receiptId:guid}/event", RejectionEndpoints.GetEventAsync);
        ingest.MapPost("/replay", ReplayEndpoint.HandleAsync);
        return app;
    }
}
