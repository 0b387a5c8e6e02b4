using System.ComponentModel.DataAnnotations;

namespace Realtime.Edge.SockJs;

/// <summary>
/// Options of one SockJS service. Defaults match sockjs-node 0.3.x; bound from the <c>SockJs</c>
/// configuration section and adjusted per service by <c>MapSockJs</c>.
/// </summary>
public sealed class SockJsOptions
{
    /// <summary>Configuration section the defaults are bound from.</summary>
    public const string SectionName = "SockJs";

    /// <summary>Idle time after which a receiver gets an <c>h</c> frame. <value>Default 25 s.</value></summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long an HTTP session survives with no receiving request attached. <value>Default 5 s.</value></summary>
    public TimeSpan DisconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes of frames a streaming response carries before the server ends it and the client reconnects. <value>Default 128 KiB.</value></summary>
    [Range(1, int.MaxValue)]
    public int ResponseLimit { get; set; } = 128 * 1024;

    /// <summary>Whether the WebSocket transports are served; false also reports <c>websocket:false</c> in <c>/info</c>.</summary>
    public bool WebSocketEnabled { get; set; } = true;

    /// <summary>Whether the <c>JSESSIONID</c> cookie is set for sticky load balancers.</summary>
    public bool CookieNeeded { get; set; }

    /// <summary>URL of the sockjs-client script the iframe page loads; must be the same version as the page's client.</summary>
    [Required]
    public string SockJsUrl { get; set; } = "https://cdn.jsdelivr.net/npm/sockjs-client@1.6.1/dist/sockjs.min.js";

    /// <summary>Largest accepted inbound body or WebSocket message, in bytes. Larger sends get 413 (HTTP) or close 1009 (WebSocket). <value>Default 256 KiB.</value></summary>
    [Range(16, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>Bytes a session may have queued for its client before it is closed as a slow consumer. <value>Default 1 MiB.</value></summary>
    [Range(1024, int.MaxValue)]
    public int MaxQueuedBytes { get; set; } = 1024 * 1024;

    /// <summary>Time allowed between the TCP upgrade and a complete hixie-76 key3, and for a WebSocket close handshake. <value>Default 10 s.</value></summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal SockJsOptions Clone() => (SockJsOptions)MemberwiseClone();
}
