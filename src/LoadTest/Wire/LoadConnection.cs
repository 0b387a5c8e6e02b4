using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Realtime.LoadTest.Wire;

/// <summary>
/// One WebSocket connection of the load tool, SockJS-framed or raw. Each received application message
/// is handed to the callback as a string, in order, from the connection's single receive loop.
/// </summary>
internal sealed class LoadConnection(ClientWebSocket socket, bool sockJs) : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public static async Task<LoadConnection> OpenAsync(string url, bool sockJs, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var target = url.Replace("http://", "ws://", StringComparison.Ordinal).Replace("https://", "wss://", StringComparison.Ordinal);
        target = sockJs ? $"{target}/{Random.Shared.Next(1000):000}/{Guid.NewGuid().ToString("N")[..8]}/websocket" : target;
        await socket.ConnectAsync(new Uri(target), cancellationToken);
        var connection = new LoadConnection(socket, sockJs);
        if (sockJs)
        {
            var buffer = new byte[16];
            var open = await socket.ReceiveAsync(buffer, cancellationToken);
            if (open.Count != 1 || buffer[0] != (byte)'o')
            {
                throw new InvalidOperationException("no SockJS open frame");
            }
        }

        return connection;
    }

    /// <summary>Sends one application message (SockJS wraps it in a JSON array).</summary>
    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var bytes = sockJs ? JsonSerializer.SerializeToUtf8Bytes(new[] { message }) : Encoding.UTF8.GetBytes(message);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Receives until the connection closes or <paramref name="cancellationToken"/> fires, each message as a string.</summary>
    public Task ReceiveLoopAsync(Action<string> onMessage, CancellationToken cancellationToken) =>
        ReceiveLoopAsync(m => onMessage(Encoding.UTF8.GetString(m)), cancellationToken);

    /// <summary>Receives until the connection closes or <paramref name="cancellationToken"/> fires; messages are spans of one reused buffer.</summary>
    public async Task ReceiveLoopAsync(MessageHandler onMessage, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(buffer.AsSpan(0, length), onMessage);
                length = 0;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Stopped, or the server closed the connection.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone.
        }

        socket.Dispose();
        _sendLock.Dispose();
    }

    // Messages are unescaped into this buffer, so a frame allocates nothing.
    private byte[] _message = new byte[4096];

    private void Dispatch(ReadOnlySpan<byte> frame, MessageHandler onMessage)
    {
        if (!sockJs)
        {
            onMessage(frame);
            return;
        }

        if (frame.IsEmpty || frame[0] != (byte)'a')
        {
            return;
        }

        var reader = new Utf8JsonReader(frame[1..]);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                continue;
            }

            if (!reader.ValueIsEscaped)
            {
                onMessage(reader.ValueSpan);
                continue;
            }

            if (_message.Length < reader.ValueSpan.Length)
            {
                _message = new byte[Math.Max(reader.ValueSpan.Length, _message.Length * 2)];
            }

            onMessage(_message.AsSpan(0, reader.CopyString(_message)));
        }
    }
}
