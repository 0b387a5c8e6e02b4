using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// A session grain answers for a connection on any edge, from the serving edge's own state, without
/// one activation per idle connection.
/// </summary>
public sealed class SessionGrainTests
{
    [Fact]
    public async Task SessionGrain_ReportsIdentityAndSubscriptions_OfAClientOnAnotherEdge_UntilItLeaves()
    {
        var clusterId = "sessions-" + Guid.NewGuid().ToString("N")[..8];
        await using var edgeA = await EdgeServer.StartClusterAsync(clusterId);
        await using var edgeB = await EdgeServer.StartClusterAsync(clusterId, primarySiloPort: edgeA.SiloPort);
        var grains = edgeA.App.Services.GetRequiredService<IGrainFactory>();

        var client = await RealtimeClient.OpenAsync(edgeB.Url + "/realtime");
        var clientId = (string)(await client.RequestAsync("connect"))["ok"]!["client"]!;
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = "sessions:a"))["ok"]);
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = "sessions:b"))["ok"]);

        SessionSnapshot? snapshot = null;
        await Eventually.TrueAsync(
            () => (snapshot = grains.GetGrain<ISessionGrain>(clientId).GetAsync().GetAwaiter().GetResult()).Info is not null,
            "the session grain to find the client through edge B's registration");
        Assert.Equal(clientId, snapshot!.Info!.ClientId);
        Assert.Equal("websocket", snapshot.Info.Transport);
        Assert.Equal(string.Empty, snapshot.Info.User);
        Assert.Equal(["sessions:a", "sessions:b"], snapshot.Channels.Order());

        Assert.NotNull((await client.RequestAsync("unsubscribe", r => r["channel"] = "sessions:a"))["ok"]);
        Assert.Equal(["sessions:b"], (await grains.GetGrain<ISessionGrain>(clientId).GetAsync()).Channels);

        await client.DisposeAsync();
        await Eventually.TrueAsync(
            () => grains.GetGrain<ISessionGrain>(clientId).GetAsync().GetAwaiter().GetResult().Info is null,
            "the session grain to report the client gone");
    }

    [Theory]
    [InlineData("no-dot-at-all")]
    [InlineData("unknownedge.abc")]
    public async Task SessionGrain_ForAnUnknownClient_ReportsNothing(string clientId)
    {
        await using var edge = await EdgeServer.StartClusterAsync("sessions-" + Guid.NewGuid().ToString("N")[..8]);
        var snapshot = await edge.App.Services.GetRequiredService<IGrainFactory>().GetGrain<ISessionGrain>(clientId).GetAsync();
        Assert.Null(snapshot.Info);
        Assert.Empty(snapshot.Channels);
    }
}
