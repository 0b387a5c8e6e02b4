using System.Net.Sockets;

namespace Realtime.TestKit;

/// <summary>
/// Reads HTTP/1.1 requests from a client socket for <see cref="WebSocketRefusingProxy"/>: request heads
/// one at a time, bodies forwarded as they arrive. Holds the bytes read but not yet forwarded.
/// </summary>
internal sealed class HttpRequestBuffer(Socket client)
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private byte[] _data = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>The next request head (request line and headers, blank line included), or null at end of stream.</summary>
    public async Task<byte[]?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var at = _data.AsSpan(_start, _end - _start).IndexOf(HeadEnd);
            if (at >= 0)
            {
                var head = _data.AsSpan(_start, at + HeadEnd.Length).ToArray();
                _start += head.Length;
                return head;
            }

            if (_end - _start >= MaxHeadBytes)
            {
                throw new IOException("request head too large");
            }

            if (await FillAsync(cancellationToken) == 0)
            {
                return null;
            }
        }
    }

    /// <summary>Forwards exactly <paramref name="length"/> body bytes.</summary>
    public async Task CopyBodyAsync(Socket to, long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            if (_end == _start && await FillAsync(cancellationToken) == 0)
            {
                throw new IOException("client closed in the middle of a request body");
            }

            var take = (int)Math.Min(length, _end - _start);
            await Send(to, _data.AsMemory(_start, take), cancellationToken);
            _start += take;
            length -= take;
        }
    }

    /// <summary>Forwards everything the client sends from here on.</summary>
    public async Task CopyRestAsync(Socket to, CancellationToken cancellationToken)
    {
        do
        {
            await Send(to, _data.AsMemory(_start, _end - _start), cancellationToken);
            _start = _end;
        }
        while (await FillAsync(cancellationToken) > 0);
    }

    private static async Task Send(Socket to, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (data.Length > 0)
        {
            var sent = await to.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }

    private async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _data.Length)
        {
            if (_start > 0)
            {
                Array.Copy(_data, _start, _data, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _data, _data.Length * 2);
            }
        }

        var read = await client.ReceiveAsync(_data.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read;
    }
}
