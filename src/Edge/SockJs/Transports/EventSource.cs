using System.Buffers;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Framing;

namespace Realtime.Edge.SockJs.Transports;

/// <summary><c>GET .../eventsource</c>: server-sent events, <c>data: F\r\n\r\n</c> per frame.</summary>
internal sealed class EventSource(HttpContext context, SockJsService service) : ResponseReceiver(context, service)
{
    protected override string Name => "eventsource";

    protected override bool Streaming => true;

    protected override ReadOnlySpan<byte> Prelude => "\r\n"u8;

    protected override void WriteHeaders(HttpResponse response)
    {
        SessionHeaders(response, SockJsHttp.EventStream);
        SockJsHttp.Cors(Context, nullIsAnonymous: true);
    }

    protected override int MaxWrappedLength(int frameLength) => (frameLength * 3) + 10;

    protected override int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        "data: "u8.CopyTo(destination);
        var length = 6 + FrameQuoting.WritePercentEscaped(frame, destination[6..]);
        "\r\n\r\n"u8.CopyTo(destination[length..]);
        return length + 4;
    }
}
