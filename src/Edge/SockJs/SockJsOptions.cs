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

    /// <summary>
    /// Time allowed for each handshake step the HTTP stack does not time itself: the first request of a
    /// connection on the WebSocket fast path, a complete hixie-76 key3 after the 101, and a WebSocket close
    /// handshake. <value>Default 10 s.</value>
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Origins, besides the service's own, whose pages may use the service: CORS answers and WebSocket
    /// handshakes. Entries are <c>scheme://host[:port]</c>, <c>scheme://*.domain[:port]</c> for every
    /// subdomain, <c>null</c> for the literal <c>null</c> origin, or <c>*</c> for any origin.
    /// A request from another origin is refused (403) and gets no CORS headers; a request with no
    /// Origin (a non-browser client) is allowed.
    /// <value>Default empty: same origin only.</value>
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Shortest session id a client may choose in a session URL; shorter ones get 404.
    /// <value>Default 8, the length sockjs-client uses.</value>
    /// </summary>
    [Range(1, 256)]
    public int MinSessionIdLength { get; set; } = 8;

    /// <summary>
    /// Binds each HTTP-transport session to the client address (and the <c>JSESSIONID</c> cookie, when the
    /// opening request sent one) of the request that opened it, and, once bound with
    /// <see cref="ISockJsConnection.BindPrincipal"/>, to that principal. Other clients' requests get 404.
    /// <value>Default on.</value>
    /// </summary>
    public bool BindSessions { get; set; } = true;

    /// <summary>
    /// Requests to unknown or foreign session ids one client address may make per <see cref="ProbeWindow"/>;
    /// past it, that address's HTTP-transport session requests get 429 until the window ends. 0 for no limit.
    /// <value>Default 30.</value>
    /// </summary>
    [Range(0, 1_000_000)]
    public int ProbeBudget { get; set; } = 30;

    /// <summary>
    /// Most sessions of this service open at once from one client address (WebSocket and HTTP transports);
    /// one more gets 429. 0 for no limit. Behind a proxy, count real client addresses (forwarded headers) first.
    /// <value>Default 0.</value>
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxSessionsPerAddress { get; set; }

    /// <summary>
    /// Frames one session may send per second, sustained: WebSocket messages and <c>xhr_send</c>/<c>jsonp_send</c>
    /// requests, each counted once whatever it carries (its size is bounded by <see cref="MaxMessageBytes"/>).
    /// A session may send twice this many at once before the rate applies. Past it the session is closed with
    /// 3008 <c>Too many frames</c>; other sessions are untouched. 0 for no limit.
    /// <value>Default 1,000: a publisher at the load tool's 1,000 messages/s fits; a flood of tiny frames does not.</value>
    /// </summary>
    [Range(0, 1_000_000)]
    public int MaxFramesPerSecond { get; set; } = 1000;

    /// <summary>
    /// Most WebSocket connections (every draft, raw and SockJS endpoints, every service) this process holds at
    /// once; one more handshake gets 503 before any upgrade. Read from the <c>SockJs</c> section only: it is
    /// one count for the whole edge, so a service's own configure callback does not change it. 0 for no limit.
    /// <value>Default 50,000.</value>
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxWebSocketConnections { get; set; } = 50_000;

    /// <summary>The window of <see cref="ProbeBudget"/>. <value>Default 1 minute.</value></summary>
    public TimeSpan ProbeWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Secret the edges of one deployment share to vouch for the client address of a session request
    /// one edge forwards to another (HMAC-SHA256). Without it, a forwarded request counts as coming from
    /// the forwarding edge. At least 32 bytes of UTF-8 when set.
    /// </summary>
    public string? ForwardingSecret { get; set; }

    internal SockJsOptions Clone()
    {
        var clone = (SockJsOptions)MemberwiseClone();

        // Each service gets its own list: a service's configure callback must not change the defaults.
        clone.AllowedOrigins = [.. AllowedOrigins];
        return clone;
    }
}
