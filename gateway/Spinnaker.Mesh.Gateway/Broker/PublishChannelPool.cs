using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace Spinnaker.Mesh.Gateway.Broker;

/// <summary>
/// Channels with tracked publisher confirms, lent out one publish at a time: a channel must not carry concurrent
/// publishes, and opening one per request would cost a broker round-trip each time.
/// </summary>
internal sealed class PublishChannelPool(int size) : IAsyncDisposable
{
    private static readonly CreateChannelOptions ConfirmedChannel =
        new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

    private readonly SemaphoreSlim _slots = new(size, size);
    private readonly ConcurrentQueue<IChannel> _idle = new();

    /// <summary>Waits for a free slot and hands out an open channel, creating one when none is idle.</summary>
    public async Task<IChannel> RentAsync(IConnection connection, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            while (_idle.TryDequeue(out var idle))
            {
                if (idle.IsOpen) return idle;
                await idle.DisposeAsync();
            }
            return await connection.CreateChannelAsync(ConfirmedChannel, ct);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Takes a channel back; a broken one (closed, or abandoned mid-publish) is thrown away instead.</summary>
    public async ValueTask ReturnAsync(IChannel channel, bool reusable)
    {
        try
        {
            if (reusable && channel.IsOpen) _idle.Enqueue(channel);
            else await channel.DisposeAsync();
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryDequeue(out var channel)) await channel.DisposeAsync();
        _slots.Dispose();
    }
}
