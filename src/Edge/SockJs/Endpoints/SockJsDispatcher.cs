using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Realtime.Edge.SockJs.Security;
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
        var path = RawPath(context);
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

        var guard = service.Guard;
        if (!guard.IsLongEnough(session))
        {
            Log.SessionIdTooShort(service.Logger, service.Options.MinSessionIdLength);
            return SockJsHttp.NotFoundAsync(context);
        }

        var get = HttpMethods.IsGet(method);
        if (transport is "websocket")
        {
            if (!service.Options.WebSocketEnabled)
            {
                return SockJsHttp.NotFoundAsync(context);
            }

            return get ? WebSocketTransport.HandleAsync(context, service) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
        }

        if (!IsSessionTransport(transport))
        {
            return SockJsHttp.NotFoundAsync(context);
        }

        if (guard.RefuseOrigin(context, transport.ToString(), webSocket: false, out var refused))
        {
            return refused;
        }

        var identity = guard.Identify(context);
        if (guard.RefuseBlocked(context, identity, out var blocked))
        {
            return blocked;
        }

        var sessionId = session.ToString();
        var post = HttpMethods.IsPost(method);
        var options = HttpMethods.IsOptions(method);
        switch (transport)
        {
            case "xhr":
                return post ? ReceivingAsync(context, sessionId, identity, () => new XhrPolling(context, service).RunAsync(sessionId, identity)) : PreflightOr405(context, options);
            case "xhr_streaming":
                return post ? ReceivingAsync(context, sessionId, identity, () => new XhrStreaming(context, service).RunAsync(sessionId, identity)) : PreflightOr405(context, options);
            case "xhr_send":
                return post ? SendingAsync(context, sessionId, identity, () => XhrSend.HandleAsync(context, service, sessionId, identity)) : PreflightOr405(context, options);
            case "eventsource":
                return get ? ReceivingAsync(context, sessionId, identity, () => new EventSource(context, service).RunAsync(sessionId, identity)) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "htmlfile":
                return get ? ReceivingAsync(context, sessionId, identity, () => HtmlFile.StartAsync(context, service, sessionId, identity)) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "jsonp":
                return get ? ReceivingAsync(context, sessionId, identity, () => JsonpPolling.StartAsync(context, service, sessionId, identity)) : SockJsHttp.MethodNotAllowedAsync(context, "GET");
            case "jsonp_send":
                return post ? SendingAsync(context, sessionId, identity, () => JsonpSend.HandleAsync(context, service, sessionId, identity)) : SockJsHttp.MethodNotAllowedAsync(context, "POST");
            default:
                return SockJsHttp.NotFoundAsync(context);
        }
    }

    private static bool IsSessionTransport(ReadOnlySpan<char> transport) =>
        transport is "xhr" or "xhr_streaming" or "xhr_send" or "eventsource" or "htmlfile" or "jsonp" or "jsonp_send";

    /// <summary>
    /// A receiving request: served here when the session is local (or new and claimed by this edge),
    /// else forwarded to the edge that owns it. An owner that cannot be reached is replaced.
    /// </summary>
    private async Task ReceivingAsync(HttpContext context, string sessionId, RequestIdentity identity, Func<Task> serveLocally)
    {
        var locator = service.Locator;
        if (locator is not null && !service.Sessions.ContainsKey(sessionId))
        {
            var key = service.Prefix + "/" + sessionId;
            Uri? deadOwner = null;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var owner = await locator.ClaimAsync(key, deadOwner, context.RequestAborted);
                if (owner is null || owner == locator.Self || SessionForwarder.IsForwarded(context))
                {
                    break;
                }

                if (await SessionForwarder.TryForwardAsync(context, owner, service.Guard.Forwarding, identity.Address))
                {
                    return;
                }

                deadOwner = owner;
            }
        }

        await serveLocally();
    }

    /// <summary>A sending request: delivered here when the session is local, else forwarded to its owner.</summary>
    private async Task SendingAsync(HttpContext context, string sessionId, RequestIdentity identity, Func<Task> serveLocally)
    {
        var locator = service.Locator;
        if (locator is not null && !service.Sessions.ContainsKey(sessionId) && !SessionForwarder.IsForwarded(context))
        {
            var owner = await locator.FindAsync(service.Prefix + "/" + sessionId, context.RequestAborted);
            if (owner is not null && owner != locator.Self && await SessionForwarder.TryForwardAsync(context, owner, service.Guard.Forwarding, identity.Address))
            {
                return;
            }
        }

        await serveLocally();
    }

    private Task PreflightOr405(HttpContext context, bool isOptions) =>
        isOptions ? SockJsHttp.PreflightAsync(context, "OPTIONS, POST", service.Options) : SockJsHttp.MethodNotAllowedAsync(context, "OPTIONS, POST");

    private Task Info(HttpContext context, string method)
    {
        if (service.Guard.RefuseOrigin(context, "info", webSocket: false, out var refused))
        {
            return refused;
        }

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

    /// <summary>
    /// The path as the client sent it: Kestrel's <c>Request.Path</c> is decoded and has dot segments
    /// removed, which would turn <c>/echo/././xhr</c> into <c>/echo/xhr</c>; ids are never dots.
    /// </summary>
    private string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        if (raw.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Absolute-form target (a proxy's request): keep the path only.
            var slash = raw.IndexOf('/', raw.IndexOf("//", StringComparison.Ordinal) + 2);
            raw = slash < 0 ? "/" : raw[slash..];
        }

        var prefix = context.Request.PathBase.Value + service.Prefix;
        return raw.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? raw[context.Request.PathBase.Value!.Length..] : context.Request.Path.Value ?? string.Empty;
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
