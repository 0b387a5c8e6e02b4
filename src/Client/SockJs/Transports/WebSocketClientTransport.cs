using System.Buffers;
using System.Net.WebSockets;

namespace Realtime.Client.SockJs.Transports;

/// <summary><c>websocket</c>: each SockJS frame is one WebSocket text message; sends are <c>["m1","m2"]</c> messages.</summary>
internal sealed class WebSocketClientTransport(string sessionUrl, ITransportSink sink, Action<ClientWebSocketOptions>? configure)
    : ClientTransport(sessionUrl, sink)
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(256);
    private int _disposed;

    public override SockJsTransports Kind => SockJsTransports.WebSocket;

    public override async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        // SockJS has its own heartbeat; WebSocket pings would only add traffic.
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        configure?.Invoke(_socket.Options);
        try
        {
            await _socket.ConnectAsync(SockJs.SessionUrl.ToWebSocket(SessionUrl + "websocket"), cancellationToken);
        }
        catch (WebSocketException ex)
        {
            throw new SockJsException($"WebSocket upgrade to {SessionUrl}websocket failed: {ex.Message}", ex);
        }

        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            }
            catch (WebSocketException ex)
            {
                throw new SockJsException("The WebSocket broke: " + ex.Message, ex);
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                throw new SockJsProtocolException("The server sent a binary WebSocket message; SockJS frames are text.");
            }

            length += result.Count;
            if (!result.EndOfMessage)
            {
                continue;
            }

            var more = Sink.OnFrame(buffer.AsSpan(0, length));
            length = 0;
            if (!more)
            {
                return;
            }
        }
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> encodedMessages, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            _sendBuffer.ResetWrittenCount();
            _sendBuffer.Write("["u8);
            _sendBuffer.Write(encodedMessages.Span);
            _sendBuffer.Write("]"u8);
            // Not the caller's token: cancelling a ClientWebSocket send aborts the whole socket, and one request given
            // up on must not take the session with it. A send stuck on a dead peer ends when the connection closes.
            await _socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            throw new SockJsException("Sending on the WebSocket failed: " + ex.Message, ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Already gone: nothing to say goodbye to.
            }
        }

        _socket.Dispose();
    }
}
