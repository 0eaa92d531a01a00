using System.Text.Json;
using MassTransit;
using Spinnaker.Mesh.Contracts.Echo.V1;
using Spinnaker.Mesh.EventStore;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Ingest.Rejections;

namespace Spinnaker.Mesh.Ingest.Consumers;

/// <summary>
/// Turns a batch of accepted Echo webhooks into normalized events: normalize each, append every event to its
/// execution's stream and record rejections, all in one transaction; publish only after that commit. The message is
/// acked when this method returns, so nothing is acked before it is stored.
/// </summary>
internal sealed class EchoWebhookConsumer(EventStore store, IngestMetrics metrics, TimeProvider clock, ILogger<EchoWebhookConsumer> log)
    : IConsumer<Batch<EchoWebhookReceived>>
{
    public async Task Consume(ConsumeContext<Batch<EchoWebhookReceived>> context)
    {
        var ct = context.CancellationToken;
        var session = store.OpenSession();
        var normalized = new List<NormalizedEvent>();
        var seen = new HashSet<Guid>();
        var rejections = new List<(Rejection, JsonElement)>();

        foreach (var message in context.Message)
        {
            var receipt = message.Message;
            var result = EchoEventNormalizer.Normalize(receipt);
            if (result.Rejection is { } reason)
            {
                log.LogWarning("Rejected Echo receipt {ReceiptId} of tenant {Tenant}: {Reason}", receipt.ReceiptId, receipt.Tenant, reason);
                rejections.Add((new Rejection(receipt.ReceiptId, receipt.Tenant, receipt.ReceivedAt, clock.GetUtcNow(), EchoType(receipt.Event), reason), receipt.Event));
                continue;
            }
            var metadata = new IngestEventMetadata(receipt.ReceiptId, EchoType(receipt.Event), receipt.ReceivedAt);
            // The same Echo event can sit twice in one batch (Echo retried, or Orca re-emitted): keep the first.
            var fresh = result.Events.Where(e => seen.Add(e.EventId)).ToList();
            foreach (var stream in fresh.GroupBy(e => (e.StreamId, e.StreamType)))
                session.Append(receipt.Tenant, stream.Key.StreamId, stream.Key.StreamType, null,
                    stream.Select(e => new NewEvent(e.EventId, e.Event, metadata)));
            normalized.AddRange(fresh);
        }

        if (rejections.Count > 0)
            session.Enqueue((connection, transaction, token) => RejectionStore.InsertAsync(connection, transaction, rejections, token));
        var appended = await session.SaveChangesAsync(ct);

        // A redelivered batch may have been committed by a consumer that died before publishing: publish all of it
        // again (subscribers deduplicate on MessageId = EventId). Otherwise publish only what this commit added.
        var republish = context.GetRetryAttempt() > 0 || context.Message.Any(m => m.ReceiveContext.Redelivered);
        var toPublish = republish
            ? normalized.Select(e => (e.EventId, e.Event)).ToList()
            : appended.SelectMany(r => r.Appended).Select(e => (e.Id, e.Data)).ToList();
        await Task.WhenAll(toPublish.Select(e =>
            context.Publish(e.Item2, e.Item2.GetType(), Pipe.Execute<PublishContext>(p => p.MessageId = e.Item1), ct)));

        metrics.Record(context.Message.Length, appended.Sum(r => r.Appended.Count), rejections.Count);
    }

    private static string? EchoType(JsonElement echoEvent) =>
        echoEvent.ValueKind == JsonValueKind.Object
        && echoEvent.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
        && details.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;
}

/// <summary>Stored beside each event: which receipt and Echo event type it came from.</summary>
internal sealed record IngestEventMetadata(Guid ReceiptId, string? EchoType, DateTimeOffset ReceivedAt);
