using System.Buffers.Binary;
using System.Security.Cryptography;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Conformance;

/// <summary>
/// A WebSocket client that writes frames byte by byte, so it can send what a conforming client never would
/// (reserved bits and opcodes, oversized or fragmented control frames, bad UTF-8, bad close codes), and reads
/// the server's frames as they come, each read under a deadline naming what was awaited.
/// </summary>
internal sealed class FrameClient : IAsyncDisposable
{
    private readonly RawHttpConnection _connection;
    private readonly Stream _stream;

    private FrameClient(RawHttpConnection connection)
    {
        _connection = connection;
        _stream = connection.DetachStream();
    }

    /// <summary>Opens <paramref name="url"/> with an RFC 6455 handshake of <paramref name="version"/> (13, 8 or 7).</summary>
    public static async Task<FrameClient> ConnectAsync(string url, string version)
    {
        var connection = await RawHttpConnection.ConnectAsync(url, TimeSpan.FromSeconds(10));
        try
        {
            var head = await connection.RequestHeadAsync("GET", RawUrl.Parse(url).Target, RawWebSocket.HandshakeHeaders(version: version));
            if (head.StatusCode != 101)
            {
                throw new InvalidOperationException($"Handshake (version {version}) on {url} refused:\n{head.Describe()}");
            }

            return new FrameClient(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes one masked frame; false when the server has already dropped the connection.</summary>
    public async Task<bool> SendAsync(WireFrame frame)
    {
        var payload = frame.Payload;
        var header = new List<byte> { (byte)((frame.Fin ? 0x80 : 0) | (frame.Rsv << 4) | frame.Opcode) };
        if (payload.Length < 126)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add(0x80 | 126);
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add(0x80 | 127);
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        header.AddRange(mask);
        var bytes = new byte[header.Count + payload.Length];
        header.CopyTo(bytes);
        for (var i = 0; i < payload.Length; i++)
        {
            bytes[header.Count + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The server's next frame, or null when the connection ended (or was reset).</summary>
    public async Task<WireFrame?> ReadAsync(string what, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var head = new byte[2];
            if (!await FillAsync(head, cts.Token))
            {
                return null;
            }

            long length = head[1] & 0x7F;
            if (length == 126 || length == 127)
            {
                var extended = new byte[length == 126 ? 2 : 8];
                if (!await FillAsync(extended, cts.Token))
                {
                    return null;
                }

                length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
            }

            var payload = new byte[length];
            return await FillAsync(payload, cts.Token)
                ? new WireFrame(head[0] & 0x0F, payload, (head[0] & 0x80) != 0, (head[0] >> 4) & 0x7)
                : null;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
        }
        catch (IOException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> FillAsync(byte[] buffer, CancellationToken token)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), token);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
