using System.Net;

namespace Realtime.Edge.SockJs;

/// <summary>
/// One SockJS session as the layer above sees it, whatever transport carries it.
/// </summary>
/// <remarks>
/// Sends never block: a message is queued and written by the transport in order. A session's
/// inbound messages reach <see cref="ISockJsHandler.OnMessageAsync"/> one at a time, in order.
/// </remarks>
public interface ISockJsConnection
{
    /// <summary>A random identifier for this connection, unique in this process. Never the SockJS session id.</summary>
    string Id { get; }

    /// <summary>The transport that opened the session: <c>websocket</c>, <c>xhr</c>, <c>xhr_streaming</c>, <c>eventsource</c>, <c>htmlfile</c>, <c>jsonp</c> or <c>raw_websocket</c>.</summary>
    string Transport { get; }

    /// <summary>The client address of the request that opened the session.</summary>
    IPAddress? RemoteAddress { get; }

    /// <summary>The <c>Origin</c> header of the request that opened the session, if any.</summary>
    string? Origin { get; }

    /// <summary>Current lifecycle state.</summary>
    SockJsSessionState State { get; }

    /// <summary>A slot for the layer above to keep its per-connection state without a lookup.</summary>
    object? Items { get; set; }

    /// <summary>Queues a message. Returns false when the session is closing or closed, or its send queue is full.</summary>
    bool Send(string message);

    /// <summary>Queues a pre-encoded message; the same instance may be sent to many connections.</summary>
    bool Send(SockJsMessage message);

    /// <summary>Closes the session with a SockJS close frame <c>c[code,"reason"]</c>.</summary>
    void Close(int code = 1000, string reason = "Normal closure");

    /// <summary>
    /// Binds the session to <paramref name="principal"/> (a user id) once the layer above knows who is
    /// connected: later HTTP-transport requests that prove another principal are refused, and ones that
    /// prove this one are accepted from any client address. WebSocket sessions need no binding: their
    /// session id is never looked up again.
    /// </summary>
    void BindPrincipal(string principal)
    {
    }
}
