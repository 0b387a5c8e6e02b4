using Realtime.Edge.SockJs.Handshakes;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs.Transports;

/// <summary><c>GET .../server/session/websocket</c>: SockJS framing over any supported WebSocket handshake.</summary>
internal static class WebSocketTransport
{
    public static async Task HandleAsync(HttpContext context, SockJsService service)
    {
        if (await WebSocketHandshake.AcceptAsync(context, service, rawEndpoint: false) is not var (socket, slot))
        {
            return;
        }

        using (slot)
        {
            var session = new WebSocketSession(service, socket, raw: false, context.Connection.RemoteIpAddress, OriginOf(context));
            await session.RunAsync(context.RequestAborted);
        }
    }

    /// <summary>The Origin, or the hybi-07/08 <c>Sec-WebSocket-Origin</c>.</summary>
    internal static string? OriginOf(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            origin = context.Request.Headers["Sec-WebSocket-Origin"].ToString();
        }

        return origin.Length == 0 ? null : origin;
    }
}
