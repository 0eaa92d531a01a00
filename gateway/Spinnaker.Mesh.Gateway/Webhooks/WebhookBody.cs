namespace Spinnaker.Mesh.Gateway.Webhooks;

/// <summary>
/// Reads a request body once, straight into the buffer that becomes the broker message, and stops as soon as it grows
/// past the limit: a chunked body has no Content-Length to check up front.
/// </summary>
internal static class WebhookBody
{
    /// <summary>How much to ask the pool for when the size is unknown (chunked transfer).</summary>
    private const int ChunkedInitialBytes = 64 * 1024;

    /// <summary>Room to reserve for a body of the declared length plus the message head and tail around it.</summary>
    public static int InitialCapacity(long? contentLength, int reserve) =>
        (int)Math.Min(Array.MaxLength, (contentLength ?? ChunkedInitialBytes) + reserve + 1);

    /// <summary>Appends the body to <paramref name="into"/>; false when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<bool> TryReadAsync(Stream body, PooledBuffer into, long maxBytes, CancellationToken ct)
    {
        long read = 0;
        while (true)
        {
            var free = into.GetMemory(1);
            // Never ask for more than one byte past the limit: that byte is enough to know the body is too large.
            var window = free[..(int)Math.Min(free.Length, maxBytes - read + 1)];
            var count = await body.ReadAsync(window, ct);
            if (count == 0) return true;
            into.Advance(count);
            read += count;
            if (read > maxBytes) return false;
        }
    }
}
