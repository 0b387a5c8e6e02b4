using System.Buffers;
using System.Text;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Framing;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Transports;

/// <summary>
/// <c>GET .../jsonp?c=cb</c>: one frame per response as <c>/**/cb("F");\r\n</c>. The <c>/**/</c>
/// prefix and nosniff defeat the JSONP content-sniffing attacks (CVE-2014-4671 class).
/// </summary>
internal sealed class JsonpPolling : ResponseReceiver
{
    private readonly byte[] _open;

    private JsonpPolling(HttpContext context, SockJsService service, string callback)
        : base(context, service)
    {
        _open = Encoding.ASCII.GetBytes("/**/" + callback + "(");
    }

    protected override string Name => "jsonp";

    protected override bool Streaming => false;

    /// <summary>Validates the callback, then serves the poll.</summary>
    public static Task StartAsync(HttpContext context, SockJsService service, string sessionId, RequestIdentity identity)
    {
        var callback = Callback.Read(context.Request, out var error);
        if (callback is null)
        {
            SockJsHttp.NoCache(context.Response);

            // The error is text, never script, even if a page loads it with a <script> tag.
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return SockJsHttp.ErrorAsync(context, 500, error!);
        }

        return new JsonpPolling(context, service, callback).RunAsync(sessionId, identity);
    }

    protected override void WriteHeaders(HttpResponse response)
    {
        SessionHeaders(response, SockJsHttp.JavaScript);
        response.Headers.XContentTypeOptions = "nosniff";
    }

    protected override int MaxWrappedLength(int frameLength) => _open.Length + FrameQuoting.MaxJsonStringLength(frameLength) + 4;

    protected override int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        _open.CopyTo(destination);
        var length = _open.Length + FrameQuoting.WriteJsonString(frame, destination[_open.Length..]);
        ");\r\n"u8.CopyTo(destination[length..]);
        return length + 4;
    }
}
