using System.Text.Json;
using Marten;
using MassTransit;
using Spinnaker.Mesh.Contracts.Echo.V1;
using Spinnaker.Mesh.EventSourcing;
using Spinnaker.Mesh.Ingest.Normalization;
using Spinnaker.Mesh.Ingest.Receipts;
using Spinnaker.Mesh.Ingest.Rejections;

namespace Spinnaker.Mesh.Ingest.Consumers;

/// <summary>
/// Turns a batch of accepted Echo webhooks into normalized events: normalize each, append every new event to its
/// stream, record each receipt's outcome and each rejection, all in one Marten session (one transaction); publish only
/// after that commit. The messages are acked when this method returns, so nothing is acked before it is stored.
/// </summary>
internal sealed class EchoWebhookConsumer(IDocumentStore store, IngestMetrics metrics, TimeProvider clock, ILogger<EchoWebhookConsumer> log)
    : IConsumer<Batch<EchoWebhookReceived>>
{
    public async Task Consume(ConsumeContext<Batch<EchoWebhookReceived>> context)
    {
        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        var batch = new BatchWork();

        foreach (var message in context.Message)
        {
            var receipt = message.Message;
            var echoType = EchoType(receipt.Event);
            var result = EchoEventNormalizer.Normalize(receipt);
            if (result.Rejection is { } reason)
            {
                log.LogWarning("Rejected Echo receipt {ReceiptId} of tenant {Tenant} ({EchoType}): {Reason}", receipt.ReceiptId, receipt.Tenant, echoType, reason);
                batch.Rejections.Add((new Rejection(receipt.ReceiptId, receipt.Tenant, receipt.ReceivedAt, now, echoType, reason), receipt.Event));
                continue;
            }
            batch.Normalized.Add((receipt, result.Events));
        }

        var appendedIds = new HashSet<Guid>();
        // Normally the whole batch is one transaction. Marten's unit of work cannot hold one stream id for two tenants,
        // so a batch where two tenants share an execution id (two Spinnakers, same ULID: practically never) commits
        // one transaction per tenant instead; each receipt still commits with its own events.
        foreach (var work in IdempotentAppend.ShareStreamIdsAcrossTenants(batch.Events()) ? batch.ByTenant() : [batch])
            appendedIds.UnionWith(await StoreAsync(work, now, ct));

        // A redelivered batch may have been committed by a consumer that died before publishing: publish all of it
        // again (subscribers deduplicate on MessageId = EventId). Otherwise publish only what this commit added.
        var republish = context.GetRetryAttempt() > 0 || context.Message.Any(m => m.ReceiveContext.Redelivered);
        var toPublish = batch.Normalized.SelectMany(n => n.Events)
            .Where(e => republish || appendedIds.Contains(e.EventId))
            .DistinctBy(e => e.EventId);
        await Task.WhenAll(toPublish.Select(e =>
            context.Publish(e.Event, e.Event.GetType(), Pipe.Execute<PublishContext>(p => p.MessageId = e.EventId), ct)));

        metrics.Record(context.Message.Length, appendedIds.Count, batch.Rejections.Count);
    }

    /// <summary>One transaction: the new events, the receipts' outcomes and the rejections. Returns the ids appended.</summary>
    private async Task<IReadOnlyCollection<Guid>> StoreAsync(BatchWork work, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var appended = await session.AppendNewAsync(work.Events(), ct);
        var appendedIds = appended.Select(e => e.Id).ToHashSet();
        ReceiptLog.Queue(session, [.. RejectedOutcomes(work, now), .. StoredOutcomes(work, appendedIds, now)]);
        RejectionStore.Queue(session, work.Rejections);
        await session.SaveChangesAsync(ct);
        return appendedIds;
    }

    private static IEnumerable<ReceiptOutcome> RejectedOutcomes(BatchWork work, DateTimeOffset now) =>
        work.Rejections.Select(r => new ReceiptOutcome(r.Rejection.ReceiptId, r.Rejection.Tenant, r.Rejection.ReceivedAt, now,
            r.Rejection.EchoType, ReceiptOutcome.Rejected, 0, 0, [], r.Rejection.Reason));

    private static IEnumerable<ReceiptOutcome> StoredOutcomes(BatchWork work, HashSet<Guid> appendedIds, DateTimeOffset now)
    {
        // An event two receipts of the batch share counts as appended for the first one only.
        var claimed = new HashSet<Guid>();
        foreach (var (receipt, events) in work.Normalized)
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

    /// <summary>What a batch (or one tenant's part of it) stores: normalized receipts with their events, and rejections.</summary>
    private sealed class BatchWork
    {
        public List<(EchoWebhookReceived Receipt, IReadOnlyList<NormalizedEvent> Events)> Normalized { get; } = [];
        public List<(Rejection Rejection, JsonElement Event)> Rejections { get; } = [];

        /// <summary>
        /// Every normalized event in receipt order, each with its receipt's headers; repeats are left for the append to
        /// drop (an event two receipts share keeps the first receipt's headers).
        /// </summary>
        public List<PendingEvent> Events() =>
            [.. Normalized.SelectMany(n =>
            {
                var headers = ReceiptHeaders(n.Receipt);
                return n.Events.Select(e => new PendingEvent(n.Receipt.Tenant, e.StreamId, e.EventId, e.Event, headers));
            })];

        /// <summary>Which webhook an event came from, kept in <c>mt_events.headers</c>: the way back to its receipt.</summary>
        private static Dictionary<string, object> ReceiptHeaders(EchoWebhookReceived receipt)
        {
            var headers = new Dictionary<string, object>
            {
                ["receiptId"] = receipt.ReceiptId,
                ["receivedAt"] = receipt.ReceivedAt,
            };
            if (EchoType(receipt.Event) is { } echoType) headers["echoType"] = echoType;
            return headers;
        }

        public IEnumerable<BatchWork> ByTenant()
        {
            var tenants = Normalized.Select(n => n.Receipt.Tenant).Concat(Rejections.Select(r => r.Rejection.Tenant)).Distinct();
            foreach (var tenant in tenants)
            {
                var part = new BatchWork();
                part.Normalized.AddRange(Normalized.Where(n => n.Receipt.Tenant == tenant));
                part.Rejections.AddRange(Rejections.Where(r => r.Rejection.Tenant == tenant));
                yield return part;
            }
        }
    }
}
