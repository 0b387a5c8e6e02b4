using Realtime.Edge.SockJs.Handshakes;
using Realtime.Edge.SockJs.Sessions;

namespace Realtime.Edge.SockJs.Transports;

/// <summary><c>GET .../websocket</c>: no SockJS framing; each text message is one application message.</summary>
internal static class RawWebSocket
{
    public static async Task HandleAsync(HttpContext context, SockJsService service)
    {
        if (await WebSocketHandshake.AcceptAsync(context, service, rawEndpoint: true) is not var (socket, slot))
        {
            return;
        }

        using (slot)
        {
            var session = new WebSocketSession(service, socket, raw: true, context.Connection.RemoteIpAddress, WebSocketTransport.OriginOf(context));
            await session.RunAsync(context.RequestAborted);
        }
    }
}
