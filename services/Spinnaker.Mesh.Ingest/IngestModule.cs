using MassTransit;
using Spinnaker.Mesh.EventStore;
using Spinnaker.Mesh.Ingest.Consumers;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Ingest.Receipts;
using Spinnaker.Mesh.Ingest.Rejections;
using Spinnaker.Mesh.Ingest.Replay;
using Spinnaker.Mesh.Ingest.Timeline;

namespace Spinnaker.Mesh.Ingest;

/// <summary>The ingest service's registrations: event types, projections, consumer, rejections, query endpoints.</summary>
internal static class IngestModule
{
    public static void ConfigureEventStore(EventStoreOptions options)
    {
        foreach (var (alias, type) in IngestEventTypes.All) options.Events.Register(type, alias);
        options.Projections.Add(new ExecutionTimelineProjection());
    }

    public static void ConfigureConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<EchoWebhookConsumer, EchoWebhookConsumerDefinition>();

    public static WebApplicationBuilder AddIngestModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestMetrics>();
        builder.Services.AddSingleton<RejectionStore>();
        builder.Services.AddSingleton<ReceiptLog>();
        builder.Services.AddHostedService<IngestTables>();
        return builder;
    }

    public static WebApplication MapIngestEndpoints(this WebApplication app)
    {
        app.MapGet("/api/executions/{executionId}/events", ExecutionEventsEndpoint.HandleAsync);
        app.MapGet("/api/ingest/receipts/{receiptId:guid}", ReceiptEndpoint.HandleAsync);
        app.MapGet("/api/ingest/rejections", RejectionEndpoints.ListAsync);
        app.MapPost("/api/ingest/replay", ReplayEndpoint.HandleAsync);
        app.MapGet("/api/ingest/rejections/{receiptId:guid}/event", RejectionEndpoints.GetEventAsync);
        return app;
    }
}
