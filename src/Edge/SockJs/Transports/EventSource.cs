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

    protected override int WriteFrame(ReadOnlySpan<byte> frame, IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        var length = FrameQuoting.WritePercentEscaped(frame, output);
        output.Write("\r\n\r\n"u8);
        return length + 10;
    }
}
