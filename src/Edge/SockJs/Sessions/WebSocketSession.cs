using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Realtime.Edge.SockJs.Framing;

namespace Realtime.Edge.SockJs.Sessions;

/// <summary>
/// A session that lives exactly as long as its WebSocket. Framed (SockJS <c>o</c>/<c>a</c>/<c>h</c>/<c>c</c>)
/// or raw (one text message per application message). Sends from any thread are queued; one writer
/// at a time drains the queue, batching what piled up into a single frame.
/// </summary>
internal sealed class WebSocketSession : SockJsSession
{
    private const int ReceiveChunk = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly WebSocket _socket;
    private readonly bool _raw;
    private readonly Lock _gate = new();
    private List<SockJsMessage> _queue = [];
    private List<SockJsMessage>? _spare;
    private int _queuedBytes;
    private bool _writing;
    private bool _heartbeatDue;
    private (int Code, string Reason)? _closeRequest;
    private ITimer? _closeTimeout;

    public WebSocketSession(SockJsService service, WebSocket socket, bool raw, IPAddress? remoteAddress, string? origin)
        : base(service, raw ? "raw_websocket" : "websocket", remoteAddress, origin)
    {
        _socket = socket;
        _raw = raw;
    }

    /// <summary>Runs the session until the socket closes.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        ITimer? heartbeat = null;
        try
        {
            if (!_raw)
            {
                await _socket.SendAsync(Frame.Open, WebSocketMessageType.Text, true, aborted);
                heartbeat = Service.TimeProvider.CreateTimer(
                    static s => ((WebSocketSession)s!).OnHeartbeat(), this, Service.Options.HeartbeatInterval, Service.Options.HeartbeatInterval);
            }

            TransitionFrom(SockJsSessionState.Connecting, SockJsSessionState.Open);
            Log.SessionOpened(Service.Logger, Id, Transport);
            await NotifyOpenAsync();
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            Log.WebSocketEnded(Service.Logger, Id, ex.Message);
        }
        finally
        {
            heartbeat?.Dispose();
            lock (_gate)
            {
                StateValue = (int)SockJsSessionState.Closed;
                _queue.Clear();
                Service.Metrics?.Queued(-_queuedBytes);
                _queuedBytes = 0;
                _closeTimeout?.Dispose();
            }

            _socket.Dispose();
            Log.SessionClosed(Service.Logger, Id);
            NotifyClosed();
        }
    }

    public override bool Send(SockJsMessage message)
    {
        bool start;
        bool overLimit;
        lock (_gate)
        {
            if (State != SockJsSessionState.Open)
            {
                return false;
            }

            overLimit = _queuedBytes + message.Size > Service.Options.MaxQueuedBytes;
            start = !overLimit && !_writing;
            if (!overLimit)
            {
                _queue.Add(message);
                _queuedBytes += message.Size;
                Service.Metrics?.Queued(message.Size);
                _writing = true;
            }
        }

        if (overLimit)
        {
            Log.SlowConsumer(Service.Logger, Id, _queuedBytes);
            Service.Metrics?.SlowConsumer();
            Close(3003, "Slow consumer");
            return false;
        }

        if (start)
        {
            _ = WriteLoopAsync();
        }

        return true;
    }

    public override void Close(int code = 1000, string reason = "Normal closure")
    {
        bool start;
        lock (_gate)
        {
            if (!TransitionFrom(SockJsSessionState.Open, SockJsSessionState.Closing))
            {
                return;
            }

            _closeRequest = (code, reason);
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            _ = WriteLoopAsync();
        }

        NotifyClosed();
    }

    /// <summary>Closes the socket at once with a WebSocket close code, for protocol errors.</summary>
    private async Task FailAsync(WebSocketCloseStatus status, string reason)
    {
        lock (_gate)
        {
            StateValue = (int)SockJsSessionState.Closing;
        }

        try
        {
            await _socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // The client is gone already.
        }

        _socket.Abort();
    }

    private void OnHeartbeat()
    {
        lock (_gate)
        {
            if (State != SockJsSessionState.Open)
            {
                return;
            }

            _heartbeatDue = true;
            if (_writing)
            {
                return;
            }

            _writing = true;
        }

        _ = WriteLoopAsync();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                List<SockJsMessage>? batch = null;
                var heartbeat = false;
                (int Code, string Reason)? close = null;
                lock (_gate)
                {
                    if (_queue.Count > 0)
                    {
                        batch = _queue;
                        _queue = _spare ?? [];
                        _spare = null;
                        Service.Metrics?.Queued(-_queuedBytes);
                        _queuedBytes = 0;
                    }
                    else if (_closeRequest is not null)
                    {
                        close = _closeRequest;
                        _closeRequest = null;
                    }
                    else if (_heartbeatDue)
                    {
                        _heartbeatDue = false;
                        heartbeat = true;
                    }
                    else
                    {
                        _writing = false;
                        return;
                    }
                }

                if (batch is not null)
                {
                    await SendBatchAsync(batch);
                    batch.Clear();
                    lock (_gate)
                    {
                        _spare ??= batch;
                    }
                }
                else if (heartbeat)
                {
                    await _socket.SendAsync(Frame.Heartbeat, WebSocketMessageType.Text, true, CancellationToken.None);
                }
                else if (close is { } c)
                {
                    await SendCloseAsync(c.Code, c.Reason);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            lock (_gate)
            {
                _writing = false;
            }

            _socket.Abort();
        }
    }

    private async ValueTask SendBatchAsync(List<SockJsMessage> batch)
    {
        if (_raw)
        {
            foreach (var message in batch)
            {
                await _socket.SendAsync(message.RawUtf8, WebSocketMessageType.Text, true, CancellationToken.None);
            }

            return;
        }

        if (batch.Count == 1)
        {
            // The fan-out fast path: the frame bytes are shared by every session.
            await _socket.SendAsync(batch[0].SingleFrame, WebSocketMessageType.Text, true, CancellationToken.None);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Frame.MessagesLength(batch));
        try
        {
            var length = Frame.WriteMessages(batch, buffer);
            await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask SendCloseAsync(int code, string reason)
    {
        if (_raw)
        {
            await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
        }
        else
        {
            await _socket.SendAsync(Frame.Close(code, reason), WebSocketMessageType.Text, true, CancellationToken.None);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "Normal closure", CancellationToken.None);
        }

        // A client that never answers the close handshake is cut off.
        lock (_gate)
        {
            _closeTimeout = Service.TimeProvider.CreateTimer(static s => ((WebSocket)s!).Abort(), _socket, Service.Options.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var messages = new List<string>();
        while (true)
        {
            // Wait without a buffer, so an idle session holds none. No token either: the socket's
            // stream ends when the client goes, and a registration per idle session costs memory.
            var peek = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
            if (peek.MessageType == WebSocketMessageType.Close)
            {
                await AnswerCloseAsync();
                return;
            }

            if (peek.MessageType == WebSocketMessageType.Binary)
            {
                await FailAsync(WebSocketCloseStatus.InvalidMessageType, "Text frames only");
                return;
            }

            // Over the rate, the session closes; the loop goes on reading (and dropping) until the client
            // answers the close or the handshake timeout cuts it off.
            var admitted = State == SockJsSessionState.Open && AdmitFrame();

            var buffer = ArrayPool<byte>.Shared.Rent(ReceiveChunk);
            try
            {
                var length = 0;
                var end = peek.EndOfMessage;
                while (!end)
                {
                    if (length == buffer.Length)
                    {
                        if (length >= Service.Options.MaxMessageBytes)
                        {
                            Log.MessageTooBig(Service.Logger, Id, length);
                            await FailAsync(WebSocketCloseStatus.MessageTooBig, "Message too big");
                            return;
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, Service.Options.MaxMessageBytes + 1));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);

                    // A close in the middle of a fragmented message ends the session; the unfinished message is
                    // dropped, never delivered (Autobahn 7.1.5).
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await AnswerCloseAsync();
                        return;
                    }

                    length += result.Count;
                    end = result.EndOfMessage;
                }

                if (length > Service.Options.MaxMessageBytes)
                {
                    Log.MessageTooBig(Service.Logger, Id, length);
                    await FailAsync(WebSocketCloseStatus.MessageTooBig, "Message too big");
                    return;
                }

                if (admitted && !await DispatchAsync(buffer.AsMemory(0, length), messages))
                {
                    return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Hands one received text message to the handler; false when the session must end.</summary>
    private async ValueTask<bool> DispatchAsync(ReadOnlyMemory<byte> payload, List<string> messages)
    {
        if (_raw)
        {
            string text;
            try
            {
                text = StrictUtf8.GetString(payload.Span);
            }
            catch (DecoderFallbackException)
            {
                await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "Invalid UTF-8");
                return false;
            }

            if (State == SockJsSessionState.Open)
            {
                await DeliverAsync(text);
            }

            return true;
        }

        if (payload.IsEmpty)
        {
            return true;
        }

        messages.Clear();
        if (SockJsPayload.Parse(payload.Span, messages, allowSingleValue: true) != PayloadResult.Ok)
        {
            await FailAsync((WebSocketCloseStatus)3000, "Broken framing.");
            return false;
        }

        foreach (var message in messages)
        {
            if (State != SockJsSessionState.Open)
            {
                break;
            }

            await DeliverAsync(message);
        }

        return true;
    }

    private async Task AnswerCloseAsync()
    {
        if (_socket.State == WebSocketState.CloseReceived)
        {
            try
            {
                await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                // The client dropped the connection right after its close frame.
            }
        }
    }
}
