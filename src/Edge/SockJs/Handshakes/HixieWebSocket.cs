using System.Buffers;
using System.Net.WebSockets;

namespace Realtime.Edge.SockJs.Handshakes;

/// <summary>
/// hixie-75/76 framing (<c>0x00 text 0xFF</c>, closed by <c>0xFF 0x00</c>) behind the runtime's
/// <see cref="WebSocket"/> abstraction, so sessions treat every handshake alike. Text only: the
/// drafts' length-prefixed binary frames were never used by browsers and are refused.
/// </summary>
internal sealed class HixieWebSocket(Stream stream) : WebSocket
{
    private static readonly byte[] CloseFrame = [0xFF, 0x00];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private bool _inFrame;
    private WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    public override void Abort()
    {
        _state = WebSocketState.Aborted;
        stream.Dispose();
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        _state = WebSocketState.Closed;
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        if (_state is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            _closeStatus ??= closeStatus;
            await WriteAsync(CloseFrame, cancellationToken);
            _state = _state == WebSocketState.CloseReceived ? WebSocketState.Closed : WebSocketState.CloseSent;
        }
    }

    public override void Dispose()
    {
        if (_state != WebSocketState.Closed)
        {
            _state = WebSocketState.Aborted;
        }

        stream.Dispose();
        _sendLock.Dispose();
        ReturnBuffer();
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage, _closeStatus, null);
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                _state = WebSocketState.Aborted;
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
            }

            if (!_inFrame)
            {
                var type = _buffer[_start];
                if (type == 0x00)
                {
                    _start++;
                    _inFrame = true;
                    continue;
                }

                if (type == 0xFF)
                {
                    // Closing handshake: 0xFF 0x00.
                    _closeStatus = WebSocketCloseStatus.NormalClosure;
                    _state = _state == WebSocketState.CloseSent ? WebSocketState.Closed : WebSocketState.CloseReceived;
                    _start = _end;
                    ReturnBuffer();
                    return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
                }

                Abort();
                throw new WebSocketException(WebSocketError.InvalidMessageType, "hixie binary frames are not supported");
            }

            if (buffer.IsEmpty)
            {
                return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Text, false);
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var terminator = available.IndexOf((byte)0xFF);
            var payload = terminator < 0 ? available : available[..terminator];
            var count = Math.Min(payload.Length, buffer.Length);
            payload[..count].CopyTo(buffer.Span);
            _start += count;
            var end = terminator >= 0 && count == terminator;
            if (end)
            {
                _start++;
                _inFrame = false;
            }

            if (_start == _end)
            {
                ReturnBuffer();
            }

            if (count > 0 || end)
            {
                return new ValueWebSocketReceiveResult(count, WebSocketMessageType.Text, end);
            }
        }
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        if (messageType != WebSocketMessageType.Text || !endOfMessage)
        {
            throw new NotSupportedException("hixie framing carries whole text messages only.");
        }

        var frame = ArrayPool<byte>.Shared.Rent(buffer.Length + 2);
        try
        {
            frame[0] = 0x00;
            buffer.Span.CopyTo(frame.AsSpan(1));
            frame[buffer.Length + 1] = 0xFF;
            await WriteAsync(frame.AsMemory(0, buffer.Length + 2), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        // Wait for data with a zero-byte read, so an idle connection holds no buffer.
        _ = await stream.ReadAsync(Memory<byte>.Empty, cancellationToken);
        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(4096);
        }

        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = _end = 0;
        }
    }
}
