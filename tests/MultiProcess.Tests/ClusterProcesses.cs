using System.Globalization;
using System.Net.Sockets;
using Realtime.TestKit;

namespace Realtime.MultiProcess.Tests;

/// <summary>Starts the built silo and edge executables as real processes of one Redis-membership cluster.</summary>
internal sealed class ClusterProcesses(RedisServer redis, string clusterId)
{
    /// <summary>Short leases and fast failure detection so the test sees failures within seconds.</summary>
    public static readonly TimeSpan EdgeLease = TimeSpan.FromSeconds(4);

    public string ClusterId => clusterId;

    private IEnumerable<string> Common() =>
    [
        "--Cluster:Provider=Redis",
        "--Cluster:RedisConnection=" + redis.ConnectionString,
        "--Cluster:ClusterId=" + clusterId,
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Realtime=Debug",
    ];

    public async Task<(ChildProcess Process, int GatewayPort)> StartSiloAsync(string name)
    {
        var gateway = FreePort.Next();
        var process = ChildProcess.Start(name, "dotnet", [
            Binaries.Silo, .. Common(),
            "--Cluster:SiloPort=" + FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--Cluster:GatewayPort=" + gateway.ToString(CultureInfo.InvariantCulture),
            "--Channels:EdgeLease=" + EdgeLease.ToString("c", CultureInfo.InvariantCulture),
            "--Cluster:Membership:ProbeTimeout=00:00:01",
            "--Cluster:Membership:NumMissedProbesLimit=2",
            "--Cluster:Membership:NumVotesForDeathDeclaration=1",
            "--Cluster:Membership:TableRefreshTimeout=00:00:02",
            "--Cluster:Membership:IAmAliveTablePublishTimeout=00:00:05",

            // Shows when a silo deactivates its grains whose directory registration died with another silo.
            "--Logging:LogLevel:Orleans.Runtime.GrainDirectory=Information",
        ]);
        await Eventually.TrueAsync(() => Accepts(gateway) || process.HasExited, $"silo {name} to open its gateway on {gateway}", TimeSpan.FromSeconds(60));
        Assert.False(process.HasExited, process.Tail);
        return (process, gateway);
    }

    public async Task<(ChildProcess Process, string Url)> StartEdgeAsync(string name)
    {
        var port = FreePort.Next();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var process = ChildProcess.Start(name, "dotnet", [
            Binaries.Edge, .. Common(),
            "--urls=" + url,
            "--Cluster:Mode=Client",
            "--Realtime:RenewInterval=00:00:01",
            "--Auth:AllowAnonymous=true",
            "--Namespaces:*:Anonymous=Subscribe, Publish",
            "--Namespaces:*:ClientPublish=true",
            "--Namespaces:room:Anonymous=Subscribe, Presence",
            "--Namespaces:room:Presence=true",
            "--Namespaces:room:JoinLeave=true",
        ], Binaries.EdgeContentRoot);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(() => Answers(http, url + "/realtime/info") || process.HasExited, $"edge {name} to serve {url}/realtime/info", TimeSpan.FromSeconds(60));
        Assert.False(process.HasExited, process.Tail);
        return (process, url);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Answers(HttpClient http, string url)
    {
        try
        {
            return http.GetAsync(url).GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
