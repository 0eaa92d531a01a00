using System.Text.Json;
using MassTransit;
using Spinnaker.Mesh.Contracts.Echo.V1;
using Spinnaker.Mesh.EventStore;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Ingest.Receipts;
using Spinnaker.Mesh.Ingest.Rejections;

namespace Spinnaker.Mesh.Ingest.Consumers;

// The store type shares its name with its namespace, which an enclosing namespace (Spinnaker.Mesh) brings in first.
using EventStore = Spinnaker.Mesh.EventStore.EventStore;

/// <summary>
/// Turns a batch of accepted Echo webhooks into normalized events: normalize each, append every event to its stream,
/// record each receipt's outcome and each rejection, all in one transaction; publish only after that commit. The
/// messages are acked when this method returns, so nothing is acked before it is stored.
/// </summary>
internal sealed class EchoWebhookConsumer(EventStore store, IngestMetrics metrics, TimeProvider clock, ILogger<EchoWebhookConsumer> log)
    : IConsumer<Batch<EchoWebhookReceived>>
{
    public async Task Consume(ConsumeContext<Batch<EchoWebhookReceived>> context)
    {
        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        var session = store.OpenSession();
        var normalized = new List<(EchoWebhookReceived Receipt, IReadOnlyList<NormalizedEvent> Events)>();
        var rejections = new List<(Rejection, JsonElement)>();
        var outcomes = new List<ReceiptOutcome>();
        var seen = new HashSet<Guid>();

        foreach (var message in context.Message)
        {
            var receipt = message.Message;
            var echoType = EchoType(receipt.Event);
            var result = EchoEventNormalizer.Normalize(receipt);
            if (result.Rejection is { } reason)
            {
                log.LogWarning("Rejected Echo receipt {ReceiptId} of tenant {Tenant} ({EchoType}): {Reason}", receipt.ReceiptId, receipt.Tenant, echoType, reason);
                rejections.Add((new Rejection(receipt.ReceiptId, receipt.Tenant, receipt.ReceivedAt, now, echoType, reason), receipt.Event));
                outcomes.Add(new ReceiptOutcome(receipt.ReceiptId, receipt.Tenant, receipt.ReceivedAt, now, echoType, ReceiptOutcome.Rejected, 0, 0, [], reason));
                continue;
            }
            var metadata = new IngestEventMetadata(receipt.ReceiptId, echoType, receipt.ReceivedAt);
            // The same Echo event can sit twice in one batch (Echo retried, or Orca re-emitted): append it once.
            var fresh = result.Events.Where(e => seen.Add(e.EventId)).ToList();
            foreach (var stream in fresh.GroupBy(e => (e.StreamId, e.StreamType)))
                session.Append(receipt.Tenant, stream.Key.StreamId, stream.Key.StreamType, null,
                    stream.Select(e => new NewEvent(e.EventId, e.Event, metadata)));
            normalized.Add((receipt, result.Events));
        }

        // Which events are new is known only once the store compared ids, so receipt outcomes are computed from the
        // append results just before commit, and written in the same transaction as the events.
        var appendedIds = new HashSet<Guid>();
        session.BeforeCommit(async (connection, transaction, results, token) =>
        {
            appendedIds.UnionWith(results.SelectMany(r => r.Appended).Select(e => e.Id));
            outcomes.AddRange(StoredOutcomes(normalized, appendedIds, now));
            await RejectionStore.InsertAsync(connection, transaction, rejections, token);
            await ReceiptLog.InsertAsync(connection, transaction, outcomes, token);
        });
        await session.SaveChangesAsync(ct);

        // A redelivered batch may have been committed by a consumer that died before publishing: publish all of it
        // again (subscribers deduplicate on MessageId = EventId). Otherwise publish only what this commit added.
        var republish = context.GetRetryAttempt() > 0 || context.Message.Any(m => m.ReceiveContext.Redelivered);
        var toPublish = normalized.SelectMany(n => n.Events)
            .Where(e => republish || appendedIds.Contains(e.EventId))
            .DistinctBy(e => e.EventId);
        await Task.WhenAll(toPublish.Select(e =>
            context.Publish(e.Event, e.Event.GetType(), Pipe.Execute<PublishContext>(p => p.MessageId = e.EventId), ct)));

        metrics.Record(context.Message.Length, appendedIds.Count, rejections.Count);
    }

    private static IEnumerable<ReceiptOutcome> StoredOutcomes(
        List<(EchoWebhookReceived Receipt, IReadOnlyList<NormalizedEvent> Events)> normalized, HashSet<Guid> appendedIds, DateTimeOffset now)
    {
        // An event two receipts of the batch share counts as appended for the first one only.
        var claimed = new HashSet<Guid>();
        foreach (var (receipt, events) in normalized)
        {
            var appended = events.Count(e => appendedIds.Contains(e.EventId) && claimed.Add(e.EventId));
            yield return new ReceiptOutcome(receipt.ReceiptId, receipt.Tenant, receipt.ReceivedAt, now, EchoType(receipt.Event),
                ReceiptOutcome.Stored, appended, events.Count - appended, events.Select(e => e.StreamId).Distinct().ToList(), null);
        }
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
