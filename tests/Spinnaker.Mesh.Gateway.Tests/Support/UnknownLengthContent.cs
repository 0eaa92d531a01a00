using System.Net;

namespace Spinnaker.Mesh.Gateway.Tests.Support;

/// <summary>
/// A body HttpClient cannot size, so it goes out with <c>Transfer-Encoding: chunked</c> and no Content-Length: the
/// gateway can only catch an oversized body like this while reading it.
/// </summary>
internal sealed class UnknownLengthContent : HttpContent
{
    private readonly byte[] _bytes;

    public UnknownLengthContent(byte[] bytes, string mediaType)
    {
        _bytes = bytes;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        // Several small writes, as a streaming sender would make them.
        for (var offset = 0; offset < _bytes.Length; offset += 512)
        {
            await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(512, _bytes.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
