using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Realtime.Client.Tests;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of an edge. Connections whose first request asks for a WebSocket upgrade get
/// <c>400 Bad Request</c> when <see cref="RefuseUpgrades"/> is set (a proxy that breaks WebSockets); the rest are piped
/// both ways untouched. <see cref="DropAll"/> cuts every piped connection at once, like a network failure.
/// </summary>
public sealed class UpgradeRefusingProxy : IAsyncDisposable
{
    private static readonly byte[] Refusal = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly Task _accepting;
    private int _refused;

    public UpgradeRefusingProxy(int upstreamPort, bool refuseUpgrades)
    {
        _upstreamPort = upstreamPort;
        RefuseUpgrades = refuseUpgrades;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public bool RefuseUpgrades { get; set; }

    public int RefusedUpgrades => Volatile.Read(ref _refused);

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Closes every connection through the proxy (new ones are still accepted).</summary>
    public void DropAll()
    {
        foreach (var socket in _sockets.Keys)
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        await Task.WhenAll(_connections.Keys.Append(_accepting)).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
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
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.TryAdd(upstream, 0);
        try
        {
            // The first bytes hold the request head; an upgrade is refused before anything reaches the edge.
            var first = new byte[8192];
            var read = await client.ReceiveAsync(first, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return;
            }

            var head = Encoding.Latin1.GetString(first, 0, read);
            if (RefuseUpgrades && head.Contains("\r\nUpgrade: websocket", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _refused);
                await client.SendAsync(Refusal, SocketFlags.None, _stop.Token);
                client.Shutdown(SocketShutdown.Both);
                return;
            }

            await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            await upstream.SendAsync(first.AsMemory(0, read), SocketFlags.None, _stop.Token);
            await Task.WhenAll(PipeAsync(client, upstream), PipeAsync(upstream, client));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Dropped or stopping.
        }
        finally
        {
            _sockets.TryRemove(client, out _);
            _sockets.TryRemove(upstream, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task PipeAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                var data = buffer.AsMemory(0, read);
                while (data.Length > 0)
                {
                    data = data[await to.SendAsync(data, SocketFlags.None, _stop.Token)..];
                }
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away: the other is closed by the caller.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
