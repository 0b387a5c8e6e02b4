using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Realtime.Bench.LoadGen;

/// <summary>
/// One client WebSocket with its framing: opens (and for SockJS waits for <c>o</c>), sends messages,
/// and receives whole frames into a pooled buffer that grows only for frames larger than it.
/// </summary>
public sealed class WireConnection : IDisposable
{
    private const int InitialBuffer = 4096;
    private readonly ClientWebSocket socket;
    private readonly Framing framing;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private byte[] sendBuffer = [];

    private WireConnection(ClientWebSocket socket, Framing framing)
    {
        this.socket = socket;
        this.framing = framing;
    }

    /// <summary>Frames seen that were neither messages, <c>o</c> nor <c>h</c>.</summary>
    public int UnknownFrames { get; private set; }

    /// <summary>Connects to <paramref name="uri"/> and completes the SockJS open handshake if needed.</summary>
    public static async Task<WireConnection> OpenAsync(Uri uri, Framing framing, HttpMessageInvoker invoker, CancellationToken cancel)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var connection = new WireConnection(socket, framing);
        try
        {
            await socket.ConnectAsync(uri, invoker, cancel);
            if (framing == Framing.SockJs)
            {
                var length = await connection.ReceiveFrameAsync(cancel);
                if (length != 1 || connection.buffer[0] != (byte)'o')
                {
                    throw new WebSocketException("SockJS server did not send the open frame 'o'.");
                }
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Sends one application message (wrapped as <c>["…"]</c> for SockJS).</summary>
    public ValueTask SendAsync(ReadOnlySpan<byte> payload, CancellationToken cancel)
    {
        if (sendBuffer.Length < payload.Length + 4)
        {
            sendBuffer = new byte[payload.Length + 64];
        }

        int length;
        if (framing == Framing.SockJs)
        {
            length = SockJsFrames.WriteMessage(sendBuffer, payload);
        }
        else
        {
            payload.CopyTo(sendBuffer);
            length = payload.Length;
        }

        return socket.SendAsync(sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, cancel);
    }

    /// <summary>Receives one whole frame into the internal buffer; returns its length, or -1 once closed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveFrameAsync(CancellationToken cancel)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Grow();
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancel);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }
        }
    }

    /// <summary>Parses the last received frame, handing each message to <paramref name="sink"/>; returns the message count.</summary>
    public int Dispatch(int length, IPayloadSink sink)
    {
        var frame = buffer.AsSpan(0, length);
        if (framing == Framing.Raw)
        {
            sink.OnPayload(frame);
            return 1;
        }

        var kind = SockJsFrames.Read(frame, sink, out var messages);
        if (kind == FrameKind.Close)
        {
            return -1;
        }

        if (kind == FrameKind.Unknown)
        {
            UnknownFrames++;
        }

        return messages;
    }

    /// <summary>Reads frames until the connection closes or <paramref name="cancel"/> fires.</summary>
    public async Task ReceiveLoopAsync(IPayloadSink sink, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                var length = await ReceiveFrameAsync(cancel);
                if (length < 0 || Dispatch(length, sink) < 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed under us: the end of the loop either way.
        }
    }

    /// <summary>Starts a close handshake, giving up after <paramref name="timeout"/>.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Best effort.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The receive buffer is not handed back to the pool: an aborted receive may still hold it.
        socket.Dispose();
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.CopyTo(bigger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }
}
