using System.Buffers;
using System.Text;
using Realtime.Edge.SockJs.Endpoints;
using Realtime.Edge.SockJs.Framing;
using Realtime.Edge.SockJs.Security;

namespace Realtime.Edge.SockJs.Transports;

/// <summary>
/// <c>GET .../htmlfile?c=cb</c>: a forever-iframe. An HTML head padded past 1 KiB, then one
/// <c>&lt;script&gt;p("F");&lt;/script&gt;</c> per frame.
/// </summary>
internal sealed class HtmlFile : ResponseReceiver
{
    private readonly byte[] _prelude;

    private HtmlFile(HttpContext context, SockJsService service, string callback)
        : base(context, service)
    {
        _prelude = BuildPrelude(callback);
    }

    protected override string Name => "htmlfile";

    protected override bool Streaming => true;

    protected override ReadOnlySpan<byte> Prelude => _prelude;

    /// <summary>Validates the callback, then serves the stream.</summary>
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

        return new HtmlFile(context, service, callback).RunAsync(sessionId, identity);
    }

    protected override void WriteHeaders(HttpResponse response)
    {
        SessionHeaders(response, SockJsHttp.TextHtml);
        response.Headers.XContentTypeOptions = "nosniff";
    }

    protected override int MaxWrappedLength(int frameLength) => FrameQuoting.MaxJsonStringLength(frameLength) + 25;

    protected override int WriteFrame(ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        "<script>\np("u8.CopyTo(destination);
        var length = 11 + FrameQuoting.WriteJsonString(frame, destination[11..]);
        ");\n</script>\r\n"u8.CopyTo(destination[length..]);
        return length + 14;
    }

    private static byte[] BuildPrelude(string callback)
    {
        var head = $$"""
            <!doctype html>
            <html><head>
              <meta http-equiv="X-UA-Compatible" content="IE=edge" />
              <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
            </head><body><h2>Don't panic!</h2>
              <script>
                document.domain = document.domain;
                var c = parent.{{callback}};
                c.start();
                function p(d) {c.message(d);};
                window.onload = function() {c.stop();};
              </script>
            """;

        // Safari renders nothing until it has 1 KiB.
        var padded = head.PadRight(1025) + "\r\n\r\n";
        return Encoding.UTF8.GetBytes(padded);
    }
}
