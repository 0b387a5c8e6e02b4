using System.Net.WebSockets;

namespace Realtime.Client.SockJs;

/// <summary>How a <see cref="SockJsConnection"/> opens and watches its session.</summary>
public sealed class SockJsConnectionOptions
{
    /// <summary>
    /// The transports the connection may use, tried in sockjs-client's order (websocket, xhr_streaming, xhr).
    /// A single flag forces that transport. <value>Default <see cref="SockJsTransports.All"/>.</value>
    /// </summary>
    public SockJsTransports Transports { get; set; } = SockJsTransports.All;

    /// <summary>
    /// The least time a transport gets to deliver the open frame before the next one is tried. sockjs-client
    /// allows twice its retransmission estimate from the <c>/info</c> round trip; the larger of the two applies, so
    /// a busy machine does not fall back for no reason. <value>Default 5 s.</value>
    /// </summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>GET /info</c> may take. <value>Default 8 s, as sockjs-client.</value></summary>
    public TimeSpan InfoTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// An open connection that receives no frame at all for this long is taken as lost and closed with
    /// <see cref="SockJsCloseStatus.ConnectionLost"/>: the server sends a heartbeat every 25 s by default, so a
    /// silent minute means a dead peer or a half-open socket. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// <value>Default 60 s.</value>
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The HTTP client for <c>/info</c> and the HTTP transports; shared clients let many connections pool sockets.
    /// Its <see cref="HttpClient.Timeout"/> must exceed the server's heartbeat interval (a poll waits that long).
    /// When null, each connection makes and disposes its own, with cookies on (for <c>JSESSIONID</c>) and no timeout.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Adjusts each WebSocket before it connects (headers, proxy, certificates).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; set; }

    /// <summary>Clock for timeouts; tests pass a fake one. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if ((Transports & SockJsTransports.All) == SockJsTransports.None || (Transports & ~SockJsTransports.All) != 0)
        {
            throw new ArgumentException($"{nameof(Transports)} must name at least one of websocket, xhr_streaming, xhr; got {Transports}.", nameof(Transports));
        }

        Positive(OpenTimeout, nameof(OpenTimeout));
        Positive(InfoTimeout, nameof(InfoTimeout));
        if (HeartbeatTimeout != Timeout.InfiniteTimeSpan)
        {
            Positive(HeartbeatTimeout, nameof(HeartbeatTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    internal SockJsConnectionOptions WithHttpClient(HttpClient http)
    {
        var copy = (SockJsConnectionOptions)MemberwiseClone();
        copy.HttpClient = http;
        return copy;
    }

    internal static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive; got {value}.", name);
        }
    }
}
