using System.Buffers;
using Realtime.Edge.SockJs.Endpoints;

namespace Realtime.Edge.SockJs.Transports;

/// <summary><c>POST .../xhr</c>: long polling, one frame plus <c>\n</c> per response.</summary>
internal sealed class XhrPolling(HttpContext context, SockJsService service) : ResponseReceiver(context, service)
{
    protected override string Name => "xhr";

    protected override bool Streaming => false;

    protected override void WriteHeaders(HttpResponse response)
    {
        SessionHeaders(response, SockJsHttp.JavaScript);
        SockJsHttp.Cors(Context);
    }

    protected override int WriteFrame(ReadOnlySpan<byte> frame, IBufferWriter<byte> output)
    {
        output.Write(frame);
        output.Write("\n"u8);
        return frame.Length + 1;
    }
}
