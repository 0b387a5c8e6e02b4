using System.Net;
using System.Net.Http.Headers;

namespace Realtime.Cluster.Tests.Api;

/// <summary>JSON content that does not say its length, so the client sends it chunked.</summary>
public sealed class NoLengthContent : HttpContent
{
    private readonly byte[] _bytes;

    public NoLengthContent(byte[] bytes)
    {
        _bytes = bytes;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
