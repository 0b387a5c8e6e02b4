using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// One TCP connection speaking HTTP/1.x by hand, for tests where the exact bytes matter: chunk
/// boundaries, HTTP/1.0, missing Content-Length, hand-made WebSocket handshakes. Every read has a
/// deadline (<see cref="Timeout"/>) and its failure names what was awaited.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable, IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    private RawHttpConnection(TcpClient client, string host, int port, TimeSpan timeout)
    {
        _client = client;
        _stream = client.GetStream();
        Host = host;
        Port = port;
        Timeout = timeout;
    }

    /// <summary>Default deadline for each read.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Host the connection went to.</summary>
    public string Host { get; }

    /// <summary>Port the connection went to.</summary>
    public int Port { get; }

    /// <summary>The <c>Host</c> header value, <c>host:port</c>.</summary>
    public string HostHeader => $"{Host}:{Port}";

    /// <summary>Deadline of each read on this connection.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>
    /// Opens a connection to the host and port of <paramref name="url"/> (http:// or ws://), from
    /// <paramref name="localAddress"/> when given (say 127.0.0.2, to be another client address on loopback).
    /// </summary>
    public static async Task<RawHttpConnection> ConnectAsync(string url, TimeSpan? timeout = null, IPAddress? localAddress = null)
    {
        var target = RawUrl.Parse(url);
        var limit = timeout ?? DefaultTimeout;
        var client = localAddress is null ? new TcpClient() : new TcpClient(new IPEndPoint(localAddress, 0));
        client.NoDelay = true;
        try
        {
            using var cts = new CancellationTokenSource(limit);
            await client.ConnectAsync(target.Host, target.Port, cts.Token);
        }
        catch (OperationCanceledException)
        {
            client.Dispose();
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s connecting to {target.Host}:{target.Port}");
        }
        catch
        {
            client.Dispose();
            throw;
        }

        return new RawHttpConnection(client, target.Host, target.Port, limit);
    }

    /// <summary>Writes raw bytes.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(data, cts.Token);
        await _stream.FlushAsync(cts.Token);
    }

    /// <summary>Writes a string as Latin-1 bytes (each char one byte), for request heads and test tokens.</summary>
    public Task SendAsync(string latin1) => SendAsync(Encoding.Latin1.GetBytes(latin1));

    /// <summary>
    /// Writes a request: the request line with <paramref name="target"/> exactly as given (no
    /// normalisation of dots, slashes or escapes), a <c>Host</c> header unless one is in
    /// <paramref name="headers"/>, the headers, <c>Content-Length</c> only when
    /// <paramref name="body"/> is not null and no length header was given, then the body.
    /// </summary>
    public async Task WriteRequestAsync(
        string method,
        string target,
        IEnumerable<(string Name, string Value)>? headers = null,
        byte[]? body = null,
        string httpVersion = "1.1")
    {
        var list = headers?.ToList() ?? [];
        var sb = new StringBuilder();
        sb.Append(method).Append(' ').Append(target).Append(" HTTP/").Append(httpVersion).Append("\r\n");
        if (!list.Any(h => h.Name.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            sb.Append("Host: ").Append(HostHeader).Append("\r\n");
        }

        foreach (var (name, value) in list)
        {
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null && !list.Any(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            sb.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        sb.Append("\r\n");
        var head = Encoding.Latin1.GetBytes(sb.ToString());
        var all = new byte[head.Length + (body?.Length ?? 0)];
        head.CopyTo(all, 0);
        body?.CopyTo(all, head.Length);
        await SendAsync(all);
    }

    /// <summary>Writes a request and reads the response head (status line and headers, no body).</summary>
    public async Task<RawHttpResponse> RequestHeadAsync(
        string method,
        string target,
        IEnumerable<(string Name, string Value)>? headers = null,
        byte[]? body = null,
        string httpVersion = "1.1")
    {
        await WriteRequestAsync(method, target, headers, body, httpVersion);
        return await ReadHeadAsync($"response head to {method} {target}");
    }

    /// <summary>Reads a status line and headers up to the blank line.</summary>
    public async Task<RawHttpResponse> ReadHeadAsync(string what)
    {
        var deadline = new RawDeadline(Timeout, what);
        int headerEnd;
        while ((headerEnd = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!await FillAsync(deadline))
            {
                throw new IOException($"Connection closed before a complete response head while waiting for: {what}; got: {Latin1(_start, _end - _start)}");
            }
        }

        var text = Latin1(_start, headerEnd - _start);
        _start = headerEnd + 4;
        var lines = text.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new IOException($"Not an HTTP status line: '{lines[0]}' (waiting for: {what})");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        return new RawHttpResponse(
            status[0]["HTTP/".Length..],
            int.Parse(status[1], CultureInfo.InvariantCulture),
            status.Length > 2 ? status[2] : "",
            headers);
    }

    /// <summary>
    /// Reads the body that follows <paramref name="head"/> according to its framing (none for
    /// 1xx/204/304 or <paramref name="headRequest"/>; chunked; Content-Length; else until the server
    /// closes) and stores it in <see cref="RawHttpResponse.Body"/>.
    /// </summary>
    public async Task<RawHttpResponse> ReadBodyAsync(RawHttpResponse head, string what, bool headRequest = false)
    {
        if (headRequest || head.StatusCode is (>= 100 and < 200) or 204 or 304)
        {
            return head;
        }

        var te = head["Transfer-Encoding"];
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var body = new MemoryStream();
            while (true)
            {
                var chunk = await ReadChunkAsync(what);
                if (chunk.Length == 0)
                {
                    break;
                }

                body.Write(chunk);
            }

            head.Body = body.ToArray();
        }
        else if (head["Content-Length"] is { } length)
        {
            head.Body = await ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture), what);
        }
        else
        {
            head.Body = await ReadToEndAsync(what);
        }

        return head;
    }

    /// <summary>
    /// Reads one HTTP chunk and returns its data; an empty array is the terminating zero-length chunk
    /// (its trailer section is consumed too).
    /// </summary>
    public async Task<byte[]> ReadChunkAsync(string what)
    {
        var deadline = new RawDeadline(Timeout, what);
        var sizeLine = await ReadLineAsync(deadline);
        var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
        var hex = (semicolon >= 0 ? sizeLine[..semicolon] : sizeLine).Trim();
        if (!int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size))
        {
            throw new IOException($"Bad chunk size line '{sizeLine}' while waiting for: {what}");
        }

        if (size == 0)
        {
            while ((await ReadLineAsync(deadline)).Length > 0)
            {
                // Trailer fields are ignored.
            }

            return [];
        }

        var data = await ReadExactlyAsync(size, deadline);
        var crlf = await ReadExactlyAsync(2, deadline);
        if (crlf[0] != '\r' || crlf[1] != '\n')
        {
            throw new IOException($"Chunk of {size} bytes not followed by CRLF while waiting for: {what}");
        }

        return data;
    }

    /// <summary>Reads one chunk as UTF-8 text; empty string for the terminating chunk.</summary>
    public async Task<string> ReadChunkTextAsync(string what) => Encoding.UTF8.GetString(await ReadChunkAsync(what));

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public Task<byte[]> ReadExactlyAsync(int count, string what) => ReadExactlyAsync(count, new RawDeadline(Timeout, what));

    /// <summary>Reads exactly <paramref name="count"/> bytes as UTF-8 text.</summary>
    public async Task<string> ReadExactlyTextAsync(int count, string what) => Encoding.UTF8.GetString(await ReadExactlyAsync(count, what));

    /// <summary>Reads whatever is available (at least one byte); an empty array means the server closed.</summary>
    public async Task<byte[]> ReadSomeAsync(string what)
    {
        var deadline = new RawDeadline(Timeout, what);
        if (_end == _start && !await FillAsync(deadline))
        {
            return [];
        }

        var data = _buffer[_start.._end];
        _start = _end;
        return data;
    }

    /// <summary>Reads one byte; -1 when the server closed the connection.</summary>
    public async Task<int> ReadByteAsync(string what)
    {
        if (_end == _start && !await FillAsync(new RawDeadline(Timeout, what)))
        {
            return -1;
        }

        return _buffer[_start++];
    }

    /// <summary>
    /// Reads up to and including <paramref name="terminator"/> and returns the bytes before it; null
    /// when the server closed the connection first.
    /// </summary>
    public async Task<byte[]?> ReadUntilAsync(byte terminator, string what)
    {
        var deadline = new RawDeadline(Timeout, what);
        int index;
        while ((index = Array.IndexOf(_buffer, terminator, _start, _end - _start)) < 0)
        {
            if (!await FillAsync(deadline))
            {
                return null;
            }
        }

        var data = _buffer[_start..index];
        _start = index + 1;
        return data;
    }

    /// <summary>Reads until the server closes the connection.</summary>
    public async Task<byte[]> ReadToEndAsync(string what)
    {
        var deadline = new RawDeadline(Timeout, what);
        while (await FillAsync(deadline))
        {
        }

        var data = _buffer[_start.._end];
        _start = _end;
        return data;
    }

    /// <summary>
    /// Waits for the server to close the connection. Returns true when it closed (FIN or reset) with
    /// no further data, false when data arrived instead (left unread); throws when neither happens
    /// within the deadline.
    /// </summary>
    public async Task<bool> ReadsEndOfStreamAsync(string what)
    {
        if (_end > _start)
        {
            return false;
        }

        return !await FillAsync(new RawDeadline(Timeout, what));
    }

    /// <summary>
    /// The connection as a stream: bytes already buffered (read past a response head) come first,
    /// then the socket. Use it to run a WebSocket over a handshake made by hand.
    /// </summary>
    public Stream DetachStream()
    {
        var leftover = _buffer[_start.._end];
        _start = _end;
        return new RawBufferedStream(leftover, _stream);
    }

    /// <summary>Closes the TCP connection (a client abort, seen by the server as FIN).</summary>
    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]> ReadExactlyAsync(int count, RawDeadline deadline)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync(deadline))
            {
                throw new IOException(
                    $"Connection closed after {_end - _start} of {count} bytes while waiting for: {deadline.What}; got: {Latin1(_start, Math.Min(_end - _start, 200))}");
            }
        }

        var data = _buffer[_start..(_start + count)];
        _start += count;
        return data;
    }

    private async Task<string> ReadLineAsync(RawDeadline deadline)
    {
        int lineEnd;
        while ((lineEnd = IndexOf("\r\n"u8)) < 0)
        {
            if (!await FillAsync(deadline))
            {
                throw new IOException($"Connection closed in the middle of a line while waiting for: {deadline.What}");
            }
        }

        var line = Latin1(_start, lineEnd - _start);
        _start = lineEnd + 2;
        return line;
    }

    /// <summary>Reads more bytes into the buffer; false at end of stream (FIN or reset).</summary>
    private async Task<bool> FillAsync(RawDeadline deadline)
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = new byte[Math.Max(_buffer.Length * 2, (_end - _start) * 2 + 4096)];
            Array.Copy(_buffer, _start, bigger, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _buffer = bigger;
        }

        int n;
        using var cts = new CancellationTokenSource(deadline.Remaining);
        try
        {
            n = await _stream.ReadAsync(_buffer.AsMemory(_end), cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw deadline.Expired();
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            n = 0;
        }

        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _end += n;
        return true;
    }

    private int IndexOf(ReadOnlySpan<byte> pattern)
    {
        var i = _buffer.AsSpan(_start, _end - _start).IndexOf(pattern);
        return i < 0 ? -1 : _start + i;
    }

    private string Latin1(int offset, int count) => Encoding.Latin1.GetString(_buffer, offset, count);
}
