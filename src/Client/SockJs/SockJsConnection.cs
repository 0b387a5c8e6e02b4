using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Client.SockJs.Framing;
using Realtime.Client.SockJs.Transports;

namespace Realtime.Client.SockJs;

/// <summary>
/// One SockJS session, as sockjs-client opens it: <c>GET /info</c>, then the allowed transports in order
/// (websocket unless <c>/info</c> says <c>websocket:false</c>, then xhr_streaming, then xhr) until one delivers the
/// open frame. A transport that fails or stays silent before opening makes way for the next; once open, the session
/// stays on its transport until it closes, and closing is final (open a new connection to start again).
/// </summary>
/// <remarks>
/// Messages reach the handler given to <see cref="OpenAsync"/> one at a time and in order, on the transport's receive
/// loop: a slow handler holds up the connection. A frame that breaks the protocol closes the connection with
/// <see cref="SockJsCloseStatus.ProtocolError"/> and a <see cref="SockJsProtocolException"/> saying what arrived.
/// </remarks>
public sealed class SockJsConnection : IAsyncDisposable
{
    private readonly string _baseUrl;
    private readonly SockJsMessageHandler _onMessage;
    private readonly SockJsConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly FrameReader _frames = new();
    private readonly TaskCompletionSource<SockJsCloseStatus> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _sendGate = new();
    private readonly ArrayBufferWriter<byte> _encoded = new(256);
    private static readonly SockJsTransports[] Order = [SockJsTransports.WebSocket, SockJsTransports.XhrStreaming, SockJsTransports.XhrPolling];
    private Attempt? _attempt;
    private ClientTransport? _transport;
    private ITimer? _watchdog;
    private long _lastFrame;
    private volatile bool _open;
    private int _closing;

    private SockJsConnection(string baseUrl, SockJsMessageHandler onMessage, SockJsConnectionOptions options, ILogger? logger)
    {
        _baseUrl = baseUrl.TrimEnd('/');
        _onMessage = onMessage;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _ownsHttp = options.HttpClient is null;
        _http = options.HttpClient ?? OwnHttpClient();
    }

    /// <summary>The transport the session opened on.</summary>
    public SockJsTransports Transport { get; private set; }

    /// <summary>The session's URL (<c>base/server/session/</c>), for logs.</summary>
    public string SessionUrl { get; private set; } = string.Empty;

    /// <summary>Completes once the connection has closed, with why; never faults.</summary>
    public Task<SockJsCloseStatus> Closed => _closed.Task;

    /// <summary>Whether the session is open (not yet closed).</summary>
    public bool IsOpen => _open && !_closed.Task.IsCompleted;

    /// <summary>
    /// Opens a session on the SockJS service at <paramref name="url"/> (<c>http://host:port/prefix</c>). Throws
    /// <see cref="SockJsException"/> when <c>/info</c> fails or no allowed transport opens; the message lists what
    /// each transport said. A close frame instead of the open frame (say <c>c[3000,"Go away!"]</c>) also throws.
    /// </summary>
    /// <param name="url">The service's base URL, http or https.</param>
    /// <param name="onMessage">Receives every message, in order, from the first on.</param>
    /// <param name="options">Transports and timeouts; null for the defaults.</param>
    /// <param name="logger">Where the connection logs (Debug); null for none.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static async Task<SockJsConnection> OpenAsync(
        Uri url,
        SockJsMessageHandler onMessage,
        SockJsConnectionOptions? options = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(onMessage);
        options ??= new SockJsConnectionOptions();
        options.Validate();
        var connection = new SockJsConnection(url.ToString(), onMessage, options, logger);
        try
        {
            await connection.StartAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one message (any text). Completes once the transport has handed it over; throws <see cref="SockJsException"/> when the connection is closed or broke.</summary>
    public ValueTask SendAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_sendGate)
        {
            _encoded.ResetWrittenCount();
            MessageEncoder.WriteString(_encoded, message.AsSpan());
            return SendEncodedAsync(_encoded.WrittenSpan.ToArray(), cancellationToken);
        }
    }

    /// <summary>Sends one message given as UTF-8 bytes; otherwise as <see cref="SendAsync(string, CancellationToken)"/>.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken cancellationToken = default)
    {
        lock (_sendGate)
        {
            _encoded.ResetWrittenCount();
            MessageEncoder.WriteString(_encoded, utf8Message.Span);
            return SendEncodedAsync(_encoded.WrittenSpan.ToArray(), cancellationToken);
        }
    }

    /// <summary>Closes the session (status <see cref="SockJsCloseStatus.ClosedByClient"/>) and releases the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        Finish(new SockJsCloseStatus(SockJsCloseStatus.ClosedByClient, "Closed by the client"));
        await ReleaseAsync();
    }

    private bool OnFrame(Attempt attempt, ReadOnlySpan<byte> frame)
    {
        // A transport that lost the race to open may still deliver a late frame: it belongs to no session.
        if (_closed.Task.IsCompleted || !ReferenceEquals(attempt, _attempt))
        {
            return false;
        }

        Volatile.Write(ref _lastFrame, _options.TimeProvider.GetTimestamp());
        FrameKind kind;
        int code;
        string reason;
        try
        {
            kind = _frames.Read(frame, _open ? _onMessage : null, out code, out reason);
        }
        catch (SockJsProtocolException ex)
        {
            Fail(new SockJsCloseStatus(SockJsCloseStatus.ProtocolError, ex.Message, ex));
            return false;
        }

        switch (kind)
        {
            case FrameKind.Open when !_open:
                _open = true;
                attempt.Opening.TrySetResult(null);
                return true;
            case FrameKind.Open:
                var twice = new SockJsProtocolException("The server sent a second open frame.");
                Fail(new SockJsCloseStatus(SockJsCloseStatus.ProtocolError, twice.Message, twice));
                return false;
            case FrameKind.Messages when !_open:
                var early = new SockJsProtocolException("The server sent messages before the open frame.");
                Fail(new SockJsCloseStatus(SockJsCloseStatus.ProtocolError, early.Message, early));
                return false;
            case FrameKind.Close:
                var status = new SockJsCloseStatus(code, reason);
                if (!_open)
                {
                    attempt.Opening.TrySetResult(status);
                    return false;
                }

                Fail(status);
                return false;
            default:
                return true;
        }
    }

    private void OnSendFailed(Attempt attempt, Exception error)
    {
        if (ReferenceEquals(attempt, _attempt))
        {
            Fail(new SockJsCloseStatus(SockJsCloseStatus.ConnectionLost, "Sending failed: " + error.Message, error));
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var info = await SockJsInfo.FetchAsync(_http, _baseUrl, _options.InfoTimeout, _options.TimeProvider, cancellationToken);
        var failures = new List<string>();
        foreach (var kind in Order)
        {
            if ((_options.Transports & kind) == 0)
            {
                continue;
            }

            if (kind == SockJsTransports.WebSocket && !info.WebSocket)
            {
                failures.Add("websocket: disabled by the server's /info");
                continue;
            }

            var timeout = TimeSpan.FromTicks(Math.Max(_options.OpenTimeout.Ticks, info.RetransmissionTimeout.Ticks * 2));
            var outcome = await TryOpenAsync(kind, timeout, cancellationToken);
            if (outcome is null)
            {
                Log.Opened(_logger, SessionUrl, ClientTransport.Name(kind));
                StartWatchdog();
                return;
            }

            if (outcome.ByServer && (outcome.Code is 1000 or 2000 || outcome.Code is >= 3000 and <= 4999))
            {
                // sockjs-client gives up rather than trying another transport when the server closed on purpose.
                throw new SockJsException($"The server closed the session before opening it: {outcome.Code} {outcome.Reason}");
            }

            failures.Add($"{ClientTransport.Name(kind)}: {outcome.Reason}");
            Log.TransportFailed(_logger, ClientTransport.Name(kind), _baseUrl, outcome.Reason);
        }

        throw new SockJsException($"No transport could open a session at {_baseUrl} ({string.Join("; ", failures)}).");
    }

    /// <summary>Null when the transport opened; else why it did not.</summary>
    private async Task<SockJsCloseStatus?> TryOpenAsync(SockJsTransports kind, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SessionUrl = SockJs.SessionUrl.New(_baseUrl);
        Transport = kind;
        var attempt = new Attempt(this);
        var transport = kind switch
        {
            SockJsTransports.WebSocket => (ClientTransport)new WebSocketClientTransport(SessionUrl, attempt, _options.ConfigureWebSocket),
            SockJsTransports.XhrStreaming => new XhrStreamingTransport(SessionUrl, attempt, _http),
            _ => new XhrPollingTransport(SessionUrl, attempt, _http),
        };
        _attempt = attempt;
        _transport = transport;
        _ = ReceiveAsync(attempt, transport);
        SockJsCloseStatus? outcome;
        try
        {
            outcome = await attempt.Opening.Task.WaitAsync(timeout, _options.TimeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            outcome = new SockJsCloseStatus(SockJsCloseStatus.ConnectionLost, $"no open frame within {timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException)
        {
            await transport.DisposeAsync();
            throw;
        }

        if (outcome is not null)
        {
            _attempt = null;
            _transport = null;
            await transport.DisposeAsync();
        }

        return outcome;
    }

    private async Task ReceiveAsync(Attempt attempt, ClientTransport transport)
    {
        SockJsCloseStatus ended;
        try
        {
            await transport.ReceiveAsync(_stop.Token);
            ended = new SockJsCloseStatus(SockJsCloseStatus.ConnectionLost, $"The server ended the {ClientTransport.Name(transport.Kind)} transport without a close frame");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested || !ReferenceEquals(attempt, _attempt))
        {
            return;
        }
        catch (SockJsProtocolException ex)
        {
            ended = new SockJsCloseStatus(SockJsCloseStatus.ProtocolError, ex.Message, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ended = new SockJsCloseStatus(SockJsCloseStatus.ConnectionLost, ex.Message, ex);
        }

        if (!ReferenceEquals(attempt, _attempt))
        {
            return;
        }

        if (!_open)
        {
            attempt.Opening.TrySetResult(ended);
            return;
        }

        Fail(ended);
    }

    private ValueTask SendEncodedAsync(byte[] encoded, CancellationToken cancellationToken)
    {
        var transport = _transport;
        if (!_open || transport is null || _closed.Task.IsCompleted)
        {
            var status = _closed.Task.IsCompleted ? _closed.Task.Result : null;
            return ValueTask.FromException(new SockJsException(status is null ? "The SockJS connection is not open." : $"The SockJS connection is closed: {status.Code} {status.Reason}"));
        }

        return transport.SendAsync(encoded, cancellationToken);
    }

    private void StartWatchdog()
    {
        Volatile.Write(ref _lastFrame, _options.TimeProvider.GetTimestamp());
        var timeout = _options.HeartbeatTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var period = timeout / 4;
        _watchdog = _options.TimeProvider.CreateTimer(
            _ =>
            {
                if (_options.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastFrame)) > timeout)
                {
                    Fail(new SockJsCloseStatus(SockJsCloseStatus.ConnectionLost, $"No frame from the server for {timeout.TotalSeconds:0.#} s"));
                }
            },
            null,
            period,
            period);
    }

    private void Fail(SockJsCloseStatus status)
    {
        if (Finish(status))
        {
            _ = ReleaseAsync();
        }
    }

    private bool Finish(SockJsCloseStatus status)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return false;
        }

        Log.Closed(_logger, SessionUrl, status.Code, status.Reason, status.Error);
        _closed.TrySetResult(status);
        return true;
    }

    private async Task ReleaseAsync()
    {
        _watchdog?.Dispose();

        // The transport first, so that a WebSocket can still say goodbye before its receive is cancelled (which aborts it).
        if (_transport is { } transport)
        {
            await transport.DisposeAsync();
        }

        await _stop.CancelAsync();

        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient OwnHttpClient() => new(new SocketsHttpHandler
    {
        UseCookies = true,
        CookieContainer = new System.Net.CookieContainer(),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>One transport's try at opening the session; frames of a superseded try are dropped.</summary>
    private sealed class Attempt(SockJsConnection owner) : ITransportSink
    {
        public TaskCompletionSource<SockJsCloseStatus?> Opening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool OnFrame(ReadOnlySpan<byte> frame) => owner.OnFrame(this, frame);

        public void OnSendFailed(Exception error) => owner.OnSendFailed(this, error);
    }
}
