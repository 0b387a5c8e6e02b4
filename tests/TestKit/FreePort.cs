using System.Net;
using System.Net.Sockets;

namespace Realtime.TestKit;

/// <summary>Free loopback TCP ports for servers that cannot bind port 0 (Orleans silo and gateway ports).</summary>
public static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 and released.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
