using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Realtime.TestKit;

/// <summary>Free loopback TCP ports for servers that cannot bind port 0 (Orleans silo and gateway ports).</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port handed out here cannot be taken meanwhile by
    // an outgoing connection's local port, the usual way a "free" port is gone by the time it is bound.
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>A port that was free on 127.0.0.1 just now and that this process has not handed out before.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            if (!HandedOut.TryAdd(port, true))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use by another process; try another.
            }
        }

        throw new InvalidOperationException($"no free port found between {First} and {Last}");
    }
}
