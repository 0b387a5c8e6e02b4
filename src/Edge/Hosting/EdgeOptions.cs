using Realtime.Edge.SockJs;

namespace Realtime.Edge.Hosting;

/// <summary>Options of the edge process itself, from the <c>Edge</c> configuration section.</summary>
public sealed class EdgeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Edge";

    /// <summary>
    /// Serves the services the SockJS protocol test suite expects (<c>/echo</c>, <c>/close</c>,
    /// <c>/disabled_websocket_echo</c>, <c>/cookie_needed_echo</c>, <c>/broadcast</c>). Off by default.
    /// </summary>
    public bool ProtocolTestEndpoints { get; set; }

    /// <summary>
    /// Serves the demo page at <c>/</c> and its echo service at <c>/demo</c>. Apps that serve their own
    /// page at <c>/</c> (the chat sample) turn it off. <value>Default true.</value>
    /// </summary>
    public bool DemoPage { get; set; } = true;

    /// <summary>URL of the sockjs-client script loaded by the iframe page and the demo page.</summary>
    public string SockJsClientUrl { get; set; } = "https://cdn.jsdelivr.net/npm/sockjs-client@1.6.1/dist/sockjs.min.js";

    /// <summary>
    /// Optional path of a local sockjs-client build to serve at <c>/lib/sockjs.min.js</c>, so the
    /// iframe transports and the demo page work offline (set <see cref="SockJsClientUrl"/> to that path too).
    /// </summary>
    public string? SockJsClientFile { get; set; }

    /// <summary>
    /// Accepts clean RFC 6455 WebSocket upgrades to SockJS routes at the connection layer, before
    /// Kestrel's HTTP stack, to keep idle sessions small. Other requests are unaffected. Default on.
    /// </summary>
    public bool WebSocketFastPath { get; set; } = true;

    /// <summary>
    /// The base URL other edges use to reach this one, for forwarding HTTP-transport session requests
    /// that reach the wrong edge (no sticky load balancer). Default: the first address Kestrel bound.
    /// </summary>
    public string? InternalUrl { get; set; }

    /// <summary>
    /// Page origins, besides the edge's own, allowed to use every SockJS service of the edge (CORS and
    /// WebSocket handshakes); <c>*</c> allows any. Empty (the default outside Development): same origin only.
    /// See <see cref="SockJsOptions.AllowedOrigins"/> for the entry syntax.
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Shared by the edges of a deployment so that a session request one edge forwards to another keeps
    /// the client's address (binding, probe limits). At least 32 bytes; set it when running several edges.
    /// </summary>
    public string? ForwardingSecret { get; set; }

    /// <summary>
    /// Addresses or networks (CIDR, e.g. <c>10.0.0.0/8</c>) of the load balancers in front of the edge, whose
    /// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the edge believes: the client address they name then
    /// binds sessions and counts against per-address limits and probe budgets. Only the last hop is taken, and
    /// a request from any other address keeps its peer address whatever headers it carries. Empty (the
    /// default): forwarded headers are ignored, so every client behind a balancer shares its address.
    /// </summary>
    public IList<string> TrustedProxies { get; set; } = [];

    /// <summary>Hands the edge-wide security settings to a service's SockJS options.</summary>
    internal void ApplySecurityTo(SockJsOptions options)
    {
        if (AllowedOrigins.Count > 0)
        {
            options.AllowedOrigins = [.. AllowedOrigins];
        }

        if (!string.IsNullOrEmpty(ForwardingSecret))
        {
            options.ForwardingSecret = ForwardingSecret;
        }
    }
}
