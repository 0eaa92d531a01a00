using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.LoadTool;

/// <summary>
/// What RabbitMQ and PostgreSQL alone achieve on the same bodies, with the same guarantees as Mesh and nothing else:
/// persistent messages published with confirms (several publishers, one message in flight each, as the gateway's
/// channels), to a fanout exchange and a durable quorum queue; one consumer with prefetch 200 feeding two writers
/// that store up to 100 messages per transaction with a binary COPY into a jsonb column, and ack only after the
/// commit. Events/s = messages / (first publish .. the commit that stored the last one).
/// </summary>
internal static class RawBaseline
{
    private const string Exchange = "loadtool.raw";
    private const string Queue = "loadtool-raw";
    private const int Prefetch = 200;
    private const int BatchSize = 100;
    private const int Writers = 2;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    public sealed record Result(int Messages, double EventsPerSecond, double ConfirmedPerSecond, CpuSampler.Usage Cpu);

    private readonly record struct Delivery(ulong Tag, Guid Id, string Json);

    public static async Task<Result> RunAsync(IReadOnlyList<byte[]> warmup, IReadOnlyList<byte[]> bodies, int publishers,
        TimeSpan storeTimeout, Cleanup cleanup, CancellationToken ct)
    {
        var rabbit = await TestRabbitMq.CreateAsync(ct);
        cleanup.Add($"virtual host {rabbit.VirtualHost}", rabbit.DisposeAsync);
        var postgres = await TestPostgres.CreateAsync(ct);
        cleanup.Add($"database {postgres.DatabaseName}", postgres.DisposeAsync);

        await using var db = postgres.CreateDataSource();
        await using (var create = db.CreateCommand("CREATE TABLE raw_events (receipt_id uuid PRIMARY KEY, received_at timestamptz NOT NULL, body jsonb NOT NULL)"))
            await create.ExecuteNonQueryAsync(ct);

        var factory = new ConnectionFactory { Uri = new Uri(rabbit.ConnectionString), ClientProvidedName = "mesh-loadtool-raw" };
        await using var publishConnection = await factory.CreateConnectionAsync("mesh-loadtool-raw-publish", ct);
        await using var consumeConnection = await factory.CreateConnectionAsync("mesh-loadtool-raw-consume", ct);

        await using (var setup = await publishConnection.CreateChannelAsync(cancellationToken: ct))
        {
            await setup.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, cancellationToken: ct);
            await setup.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
            await setup.QueueBindAsync(Queue, Exchange, "", cancellationToken: ct);
        }

        var store = new Store(db, ct);
        await using var consumeChannel = await consumeConnection.CreateChannelAsync(cancellationToken: ct);
        await consumeChannel.BasicQosAsync(0, Prefetch, global: false, ct);
        var consumer = new AsyncEventingBasicConsumer(consumeChannel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // The body's memory belongs to the client only during this callback: copy it out.
            var id = Guid.Parse(delivery.BasicProperties.MessageId!);
            store.Inbox.Writer.TryWrite(new Delivery(delivery.DeliveryTag, id, Encoding.UTF8.GetString(delivery.Body.Span)));
            return Task.CompletedTask;
        };
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => store.WriteBatchesAsync(consumeChannel))).ToArray();
        await consumeChannel.BasicConsumeAsync(Queue, autoAck: false, consumer, ct);

        var channels = new List<IChannel>();
        try
        {
            for (var i = 0; i < publishers; i++)
                channels.Add(await publishConnection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct));

            // Warm-up: JIT, connection pools, the queue's first segment; not timed.
            await PublishAllAsync(channels, warmup, ct);
            await store.WaitForAsync(warmup.Count, storeTimeout, "the raw warm-up");

            var cpuBefore = CpuSampler.Take(postgres.DatabaseName);
            var started = Stopwatch.GetTimestamp();
            await PublishAllAsync(channels, bodies, ct);
            var confirmed = Stopwatch.GetElapsedTime(started);
            var lastCommit = await store.WaitForAsync(warmup.Count + bodies.Count, storeTimeout, "the raw baseline");
            var cpu = CpuSampler.Between(cpuBefore, CpuSampler.Take(postgres.DatabaseName));
            var seconds = Stopwatch.GetElapsedTime(started, lastCommit).TotalSeconds;
            return new Result(bodies.Count, bodies.Count / seconds, bodies.Count / confirmed.TotalSeconds, cpu);
        }
        finally
        {
            store.Inbox.Writer.TryComplete();
            foreach (var channel in channels) await channel.DisposeAsync();
            try
            {
                await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"raw baseline: the writers did not stop cleanly: {e.Message}");
            }
        }
    }

    /// <summary>Each channel publishes one message at a time and waits for its confirm, taking the next body from a shared counter.</summary>
    private static async Task PublishAllAsync(IReadOnlyList<IChannel> channels, IReadOnlyList<byte[]> bodies, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(channels.Select(channel => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Count; i = Interlocked.Increment(ref next))
            {
                var properties = new BasicProperties
                {
                    ContentType = "application/json",
                    DeliveryMode = DeliveryModes.Persistent,
                    MessageId = Guid.CreateVersion7().ToString(),
                };
                // With tracked confirms this returns once the broker confirmed (or throws when it nacked or returned).
                await channel.BasicPublishAsync(Exchange, "", mandatory: true, properties, bodies[i], ct);
            }
        }, ct)));
    }

    /// <summary>The consumer's side: deliveries in, batches of up to 100 COPYed in one transaction each, acked after commit.</summary>
    private sealed class Store(NpgsqlDataSource db, CancellationToken ct)
    {
        private readonly SemaphoreSlim _ackLock = new(1, 1);
        private readonly object _progress = new();
        private int _stored;
        private long _lastCommit;
        private Exception? _failure;

        public Channel<Delivery> Inbox { get; } = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleWriter = true });

        public async Task WriteBatchesAsync(IChannel channel)
        {
            var batch = new List<Delivery>(BatchSize);
            try
            {
                while (await Inbox.Reader.WaitToReadAsync(ct))
                {
                    batch.Clear();
                    if (!Inbox.Reader.TryRead(out var first)) continue;
                    batch.Add(first);
                    // Fill the batch up to 100, waiting at most 50 ms from its first message (as ingest's batch consumer).
                    using (var window = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        window.CancelAfter(BatchWindow);
                        try
                        {
                            while (batch.Count < BatchSize)
                            {
                                if (Inbox.Reader.TryRead(out var more)) batch.Add(more);
                                else if (!await Inbox.Reader.WaitToReadAsync(window.Token)) break;
                            }
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
                    }

                    await CopyAsync(batch);
                    var committed = Stopwatch.GetTimestamp();
                    await _ackLock.WaitAsync(ct);
                    try
                    {
                        foreach (var delivery in batch) await channel.BasicAckAsync(delivery.Tag, multiple: false, ct);
                    }
                    finally
                    {
                        _ackLock.Release();
                    }
                    lock (_progress)
                    {
                        _stored += batch.Count;
                        _lastCommit = Math.Max(_lastCommit, committed);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                lock (_progress) _failure ??= e;
            }
        }

        private async Task CopyAsync(List<Delivery> batch)
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY raw_events (receipt_id, received_at, body) FROM STDIN (FORMAT BINARY)", ct))
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var delivery in batch)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(delivery.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(delivery.Json, NpgsqlDbType.Jsonb, ct);
                }
                await copy.CompleteAsync(ct);
            }
            await transaction.CommitAsync(ct);
        }

        /// <summary>Waits (polling every 10 ms, bounded) until <paramref name="count"/> messages are committed; returns the last commit's timestamp.</summary>
        public async Task<long> WaitForAsync(int count, TimeSpan timeout, string what)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                lock (_progress)
                {
                    if (_failure is not null) throw new InvalidOperationException($"Storing {what} failed: {_failure.Message}", _failure);
                    if (_stored >= count) return _lastCommit;
                    if (Stopwatch.GetTimestamp() > deadline)
                        throw new TimeoutException($"Only {_stored} of {count} messages of {what} were stored within {timeout.TotalSeconds:F0} s.");
                }
                await Task.Delay(10, ct);
            }
        }
    }
}
