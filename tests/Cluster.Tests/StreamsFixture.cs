using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// <c>Channels:Delivery=Streams</c>: two co-hosted edges whose silos form one cluster (A, B) and a third
/// edge (C) in <c>Client</c> mode, an Orleans client of both silos' gateways.
/// </summary>
public sealed class StreamsFixture : IAsyncLifetime
{
    private readonly string _clusterId = "streams-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<EdgeServer> _edges = [];

    public EdgeServer A => _edges[0];

    public EdgeServer B => _edges[1];

    /// <summary>The client-mode edge.</summary>
    public EdgeServer C => _edges[2];

    public static string Realtime(EdgeServer edge) => edge.Url + "/realtime";

    public async Task InitializeAsync()
    {
        var (siloA, gatewayA) = (FreePort.Next(), FreePort.Next());
        var (siloB, gatewayB) = (FreePort.Next(), FreePort.Next());
        _edges.Add(await EdgeServer.StartAsync(Settings("CoHosted", siloA, gatewayA, siloA)));
        _edges.Add(await EdgeServer.StartAsync(Settings("CoHosted", siloB, gatewayB, siloA)));
        var client = Settings("Client", siloA, gatewayA, siloA);
        client["Cluster:GatewayPorts"] = $"{gatewayA},{gatewayB}";
        _edges.Add(await EdgeServer.StartAsync(client));
    }

    public async Task DisposeAsync()
    {
        // The client first, then the silo that joined, then the primary.
        for (var i = _edges.Count - 1; i >= 0; i--)
        {
            await _edges[i].DisposeAsync();
        }
    }

    /// <summary>The stream subscriptions an edge holds now.</summary>
    public static int StreamSubscriptions(EdgeServer edge) =>
        ((Realtime.Edge.Cluster.StreamChannelFeed)edge.App.Services.GetRequiredService<Realtime.Edge.Cluster.IChannelFeed>()).Count;

    private Dictionary<string, string?> Settings(string mode, int siloPort, int gatewayPort, int primary) => new()
    {
        ["Cluster:Mode"] = mode,
        ["Cluster:ClusterId"] = _clusterId,
        ["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        ["Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        ["Cluster:PrimarySiloPort"] = primary.ToString(CultureInfo.InvariantCulture),
        ["Channels:Delivery"] = "Streams",
        ["Realtime:GapWait"] = "00:00:00.100",

        // No renewal inside a test: what arrives comes through the stream (and gap fills it triggers),
        // not from the renewal's anti-entropy fetch.
        ["Realtime:RenewInterval"] = "00:10:00",
        ["Channels:EdgeLease"] = "00:30:00",

        ["Namespaces:streamstate:Anonymous"] = "Subscribe, State",
        ["Namespaces:streamstate:KeepsValue"] = "true",
    };
}

/// <summary>Tests sharing one <see cref="StreamsFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class StreamsCollection : ICollectionFixture<StreamsFixture>
{
    public const string Name = "streams";
}
