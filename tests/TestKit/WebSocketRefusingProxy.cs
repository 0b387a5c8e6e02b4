using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Realtime.TestKit;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of the edge that breaks WebSockets the way squid does:
/// any request carrying <c>Upgrade: websocket</c> gets <c>HTTP/1.1 400 Bad Request</c> and the
/// connection is closed; every other request is forwarded byte for byte, and responses flow back
/// untouched (streaming included). Request heads are inspected one by one on kept-alive
/// connections; after a chunked request body or a forwarded upgrade the rest of the connection is piped unread.
/// With <see cref="RefuseUpgrades"/> off it forwards upgrades too, and <see cref="DropAll"/> cuts every
/// connection through it at once, like a network failure.
/// </summary>
public sealed class WebSocketRefusingProxy : IAsyncDisposable
{
    private static readonly byte[] Refusal = Encoding.ASCII.GetBytes(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 22\r\nConnection: close\r\n\r\n<h1>Bad Request</h1>\r\n");

    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _acceptLoop;
    private int _refused;
    private int _forwarded;

    private WebSocketRefusingProxy(int upstreamPort, bool refuseUpgrades)
    {
        _upstreamPort = upstreamPort;
        RefuseUpgrades = refuseUpgrades;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary><c>http://127.0.0.1:port</c> of the proxy.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Whether WebSocket upgrade requests are refused (else forwarded like the rest).</summary>
    public bool RefuseUpgrades { get; set; }

    /// <summary>How many WebSocket upgrade requests were answered with 400.</summary>
    public int RefusedUpgrades => Volatile.Read(ref _refused);

    /// <summary>How many plain requests were forwarded to the edge.</summary>
    public int ForwardedRequests => Volatile.Read(ref _forwarded);

    /// <summary>Starts a proxy that forwards to <c>127.0.0.1:<paramref name="upstreamPort"/></c>.</summary>
    public static WebSocketRefusingProxy Start(int upstreamPort, bool refuseUpgrades = true) => new(upstreamPort, refuseUpgrades);

    /// <summary>Closes every connection through the proxy (new ones are still accepted).</summary>
    public void DropAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();

        await Task.WhenAll(_connections.Keys.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        _sockets.TryAdd(client, 0);
        Socket? upstream = null;
        Task? responses = null;
        try
        {
            var buffer = new HttpRequestBuffer(client);
            while (await buffer.ReadHeadAsync(_stop.Token) is { } head)
            {
                if (RefuseUpgrades && IsWebSocketUpgrade(head))
                {
                    Interlocked.Increment(ref _refused);
                    await client.SendAsync(Refusal, SocketFlags.None, _stop.Token);
                    client.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (upstream is null)
                {
                    upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    _sockets.TryAdd(upstream, 0);
                    await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                    responses = PipeAsync(upstream, client);
                }

                Interlocked.Increment(ref _forwarded);
                await SendAllAsync(upstream, head);
                // A forwarded upgrade turns the connection into WebSocket frames, and a chunked body has no
                // length up front: either way the rest of the connection is piped unread.
                if (IsWebSocketUpgrade(head) || (HeaderValue(head, "Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
                {
                    await buffer.CopyRestAsync(upstream, _stop.Token);
                    break;
                }

                var length = HeaderValue(head, "Content-Length") is { } cl ? long.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
                await buffer.CopyBodyAsync(upstream, length, _stop.Token);
            }

            upstream?.Shutdown(SocketShutdown.Send);
            if (responses is not null)
            {
                await responses;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // A side went away or the proxy is stopping: drop the connection.
        }
        finally
        {
            if (upstream is not null)
            {
                _sockets.TryRemove(upstream, out _);
                upstream.Dispose();
            }

            _sockets.TryRemove(client, out _);
            client.Dispose();
        }
    }

    private async Task PipeAsync(Socket from, Socket to)
    {
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(chunk, SocketFlags.None, _stop.Token)) > 0)
            {
                await SendAllAsync(to, chunk.AsMemory(0, read));
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection is being torn down.
        }
    }

    private async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        while (data.Length > 0)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None, _stop.Token);
            data = data[sent..];
        }
    }

    private static bool IsWebSocketUpgrade(byte[] head) =>
        HeaderValue(head, "Upgrade") is { } upgrade && upgrade.Contains("websocket", StringComparison.OrdinalIgnoreCase);

    private static string? HeaderValue(byte[] head, string name)
    {
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
