using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Realtime.Edge.SockJs.Transports;

namespace Realtime.Edge.SockJs.Endpoints;

/// <summary>
/// Routes every request under a service prefix: greeting, info, iframe, raw WebSocket and the
/// per-session transports. A path that matches no route is 404; a known path with the wrong method
/// is 405 with <c>Allow</c>.
/// </summary>
internal sealed class SockJsDispatcher(SockJsService service)
{
    private static readonly byte[] Greeting = "Welcome to SockJS!\n"u8.ToArray();

    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var rest = path.Length >= service.Prefix.Length ? path.AsSpan(service.Prefix.Length) : [];
        var method = context.Request.Method;

        if (rest.IsEmpty || rest is "/")
        {
            return HttpMethods.IsGet(method) ? SockJsHttp.WriteAsync(context, 200, SockJsHttp.TextPlain, Greeting) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
        }

        if (rest[0] != '/')
        {
            return SockJsHttp.NotFoundAsync(context);
        }

        rest = rest[1..];
        if (rest.Length > 1 && rest[^1] == '/')
        {
            rest = rest[..^1];
        }

        if (rest is "info")
        {
            return Info(context, method);
        }

        if (IsIframe(rest))
        {
            return HttpMethods.IsGet(method) ? IframeAsync(context) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
        }

        if (rest is "websocket")
        {
            if (!service.Options.WebSocketEnabled)
            {
                return SockJsHttp.NotFoundAsync(context);
            }

            return HttpMethods.IsGet(method) ? RawWebSocket.HandleAsync(context, service) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
        }

        return SessionRoute(context, rest, method);
    }

    private Task SessionRoute(HttpContext context, ReadOnlySpan<char> rest, string method)
    {
        // <server>/<session>/<transport>: ids are non-empty and hold no '.' or '/'.
        var first = rest.IndexOf('/');
        if (first <= 0)
        {
            return SockJsHttp.NotFoundAsync(context);
        }

        var server = rest[..first];
        var afterServer = rest[(first + 1)..];
        var second = afterServer.IndexOf('/');
        if (second <= 0)
        {
            return SockJsHttp.NotFoundAsync(context);
        }

        var session = afterServer[..second];
        var transport = afterServer[(second + 1)..];
        if (server.Contains('.') || session.Contains('.') || transport.Contains('/'))
        {
            return SockJsHttp.NotFoundAsync(context);
        }

        var sessionId = session.ToString();
        var post = HttpMethods.IsPost(method);
        var get = HttpMethods.IsGet(method);
        var options = HttpMethods.IsOptions(method);
        switch (transport)
        {
            case "websocket":
                if (!service.Options.WebSocketEnabled)
                {
                    return SockJsHttp.NotFoundAsync(context);
                }

                return get ? WebSocketTransport.HandleAsync(context, service) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "xhr":
                return post ? new XhrPolling(context, service).RunAsync(sessionId) : PreflightOr405(context, options);
            case "xhr_streaming":
                return post ? new XhrStreaming(context, service).RunAsync(sessionId) : PreflightOr405(context, options);
            case "xhr_send":
                return post ? XhrSend.HandleAsync(context, service, sessionId) : PreflightOr405(context, options);
            case "eventsource":
                return get ? new EventSource(context, service).RunAsync(sessionId) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "htmlfile":
                return get ? HtmlFile.StartAsync(context, service, sessionId) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "jsonp":
                return get ? JsonpPolling.StartAsync(context, service, sessionId) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "jsonp_send":
                return post ? JsonpSend.HandleAsync(context, service, sessionId) : SockJsHttp.MethodNotAllowedAsync(context, "POST");
            default:
                return SockJsHttp.NotFoundAsync(context);
        }
    }

    private Task PreflightOr405(HttpContext context, bool isOptions) =>
        isOptions ? SockJsHttp.PreflightAsync(context, "OPTIONS, POST", service.Options) : SockJsHttp.MethodNotAllowedAsync(context, "OPTIONS, POST");

    private Task Info(HttpContext context, string method)
    {
        if (HttpMethods.IsOptions(method))
        {
            return SockJsHttp.PreflightAsync(context, "OPTIONS, GET", cookieOptions: null);
        }

        if (!HttpMethods.IsGet(method))
        {
            return SockJsHttp.MethodNotAllowedAsync(context, "OPTIONS, GET");
        }

        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        var entropy = BinaryPrimitives.ReadUInt32LittleEndian(random);
        var json = "{\"websocket\":" + (service.Options.WebSocketEnabled ? "true" : "false")
            + ",\"origins\":[\"*:*\"],\"cookie_needed\":" + (service.Options.CookieNeeded ? "true" : "false")
            + ",\"entropy\":" + entropy.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
        SockJsHttp.NoCache(context.Response);
        SockJsHttp.Cors(context);
        return SockJsHttp.WriteAsync(context, 200, SockJsHttp.Json, Encoding.UTF8.GetBytes(json));
    }

    private Task IframeAsync(HttpContext context)
    {
        var page = service.Iframe;
        var response = context.Response;
        SockJsHttp.CacheForAYear(response);
        response.Headers.ETag = page.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == page.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        return SockJsHttp.WriteAsync(context, 200, SockJsHttp.TextHtml, page.Body);
    }

    /// <summary><c>iframe.html</c> or <c>iframe-&lt;suffix&gt;.html</c>, suffix of <c>[0-9a-z._-]</c>, case-sensitive.</summary>
    private static bool IsIframe(ReadOnlySpan<char> name)
    {
        if (!name.StartsWith("iframe") || !name.EndsWith(".html"))
        {
            return false;
        }

        foreach (var c in name[6..^5])
        {
            if (!(char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
