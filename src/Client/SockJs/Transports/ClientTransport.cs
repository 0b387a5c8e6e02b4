namespace Realtime.Client.SockJs.Transports;

/// <summary>
/// One transport of one session: receives frames into an <see cref="ITransportSink"/> and sends message batches.
/// Each transport is used once; the connection makes a new one (with a new session) for each attempt.
/// </summary>
internal abstract class ClientTransport(string sessionUrl, ITransportSink sink) : IAsyncDisposable
{
    /// <summary><c>base/server/session/</c>, ending in a slash.</summary>
    protected string SessionUrl { get; } = sessionUrl;

    protected ITransportSink Sink { get; } = sink;

    /// <summary>Which transport this is.</summary>
    public abstract SockJsTransports Kind { get; }

    /// <summary>
    /// Receives until the sink says stop, the server ends the stream or <paramref name="cancellationToken"/> fires.
    /// Returns normally when the server went away without a close frame; throws when the transport failed.
    /// </summary>
    public abstract Task ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sends messages already written as JSON string literals separated by commas (the inside of a send array).
    /// Completes once the server has them; throws when it refused them or the transport broke.
    /// </summary>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> encodedMessages, CancellationToken cancellationToken);

    /// <summary>Stops receiving and releases the transport's sockets.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>The transport's name in URLs and logs.</summary>
    public static string Name(SockJsTransports kind) => kind switch
    {
        SockJsTransports.WebSocket => "websocket",
        SockJsTransports.XhrStreaming => "xhr_streaming",
        SockJsTransports.XhrPolling => "xhr",
        _ => kind.ToString(),
    };
}
