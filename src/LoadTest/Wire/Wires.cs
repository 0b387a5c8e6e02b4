using System.Net;
using Realtime.Client.SockJs;

namespace Realtime.LoadTest.Wire;

/// <summary>Opens realtime wires by transport name; the HTTP transports share one pooled HTTP client.</summary>
internal sealed class Wires : IDisposable
{
    /// <summary>The transports <c>--transport mix</c> spreads connections over, in this order.</summary>
    public static readonly string[] Mix = ["websocket", "xhr_streaming", "xhr"];

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        // One streaming or polling request and one send per session may be open at once, for thousands of sessions.
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Task<IRealtimeWire> OpenAsync(string url, string transport, MessageHandler onMessage, CancellationToken cancellationToken) => transport switch
    {
        "websocket" => WebSocketWire.OpenAsync(url, onMessage, cancellationToken),
        "xhr_streaming" => SockJsWire.OpenAsync(url, SockJsTransports.XhrStreaming, _http, onMessage, cancellationToken),
        "xhr" => SockJsWire.OpenAsync(url, SockJsTransports.XhrPolling, _http, onMessage, cancellationToken),
        _ => throw new ArgumentException($"unknown transport {transport}"),
    };

    public void Dispose() => _http.Dispose();
}
