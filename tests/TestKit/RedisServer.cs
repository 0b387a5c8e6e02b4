using System.Net.Sockets;

namespace Realtime.TestKit;

/// <summary>A throw-away redis-server on a free loopback port, without persistence.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts one on a free port, or on <paramref name="port"/> to stand in for one that was stopped (empty: nothing is saved).</summary>
    public static async Task<RedisServer> StartAsync(int? port = null)
    {
        const string Binary = "/usr/bin/redis-server";
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException(
                "redis-server is missing: install Debian's package (apt-get install -y redis-server); .ci/run does this.");
        }

        port ??= FreePort.Next();
        var process = ChildProcess.Start("redis", Binary, ["--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var server = new RedisServer(process, port.Value);
        await Eventually.TrueAsync(server.Accepts, $"redis-server to accept connections on port {port}\n{process.Tail}", TimeSpan.FromSeconds(15));
        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
