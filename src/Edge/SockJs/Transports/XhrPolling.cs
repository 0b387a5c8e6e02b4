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

    protected override int MaxWrappedLength(int frameLength) => frameLength + 1;

    protected override int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        frame.CopyTo(destination);
        destination[frame.Length] = (byte)'\n';
        return frame.Length + 1;
    }
}
