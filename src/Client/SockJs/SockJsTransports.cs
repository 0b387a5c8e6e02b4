namespace Realtime.Client.SockJs;

/// <summary>
/// The SockJS transports this client speaks. A connection tries the allowed ones in sockjs-client's order:
/// <see cref="WebSocket"/>, then <see cref="XhrStreaming"/>, then <see cref="XhrPolling"/>.
/// </summary>
[Flags]
public enum SockJsTransports
{
    /// <summary>No transport; not a valid choice on its own.</summary>
    None = 0,

    /// <summary><c>/server/session/websocket</c>: one SockJS frame per WebSocket text message.</summary>
    WebSocket = 1,

    /// <summary><c>xhr_streaming</c> to receive (frames separated by <c>\n</c> on a long response) and <c>xhr_send</c> to send.</summary>
    XhrStreaming = 2,

    /// <summary><c>xhr</c> long polling to receive (one frame per response) and <c>xhr_send</c> to send.</summary>
    XhrPolling = 4,

    /// <summary>Every transport, in the fallback order.</summary>
    All = WebSocket | XhrStreaming | XhrPolling,
}
