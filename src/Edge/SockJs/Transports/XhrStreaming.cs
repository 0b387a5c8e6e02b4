using System.Buffers;
using Realtime.Edge.SockJs.Endpoints;

namespace Realtime.Edge.SockJs.Transports;

/// <summary><c>POST .../xhr_streaming</c>: a 2 KiB prelude for old browsers, then frames each with <c>\n</c>.</summary>
internal sealed class XhrStreaming(HttpContext context, SockJsService service) : ResponseReceiver(context, service)
{
    private static readonly byte[] PreludeBytes = BuildPrelude();

    protected override string Name => "xhr_streaming";

    protected override bool Streaming => true;

    protected override ReadOnlySpan<byte> Prelude => PreludeBytes;

    protected override void WriteHeaders(HttpResponse response)
    {
        SessionHeaders(response, SockJsHttp.JavaScript);
        SockJsHttp.Cors(Context);
    }

    protected override int MaxWrappedLength(int frameLength) => frameLength + 1;

    protected override int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        frame.CopyTo(destination);
        destination[frame.Length] = (byte)'\n';
        return frame.Length + 1;
    }

    private static byte[] BuildPrelude()
    {
        var prelude = new byte[2049];
        prelude.AsSpan(0, 2048).Fill((byte)'h');
        prelude[2048] = (byte)'\n';
        return prelude;
    }
}
