using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary>
/// Edges in <c>Client</c> mode (Orleans clients of the silos' gateways, as in production with external
/// silos) reach each other's clients through the API as co-hosted edges do.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiClientModeTests(ApiFixture cluster)
{
    [Fact]
    public async Task FromAClientModeEdge_DisconnectAndChannelsReachAnotherClientModeEdge()
    {
        await using var c = await StartClientEdgeAsync();
        await using var d = await StartClientEdgeAsync();
        var user = NewUser("client-mode");
        var channel = Channel("chat");
        await using var onD = await ConnectAsync(d, user);
        await using var onA = await ConnectAsync(cluster.A, user);
        await SubscribeAsync(onD, channel);
        using var api = new ApiClient(c);

        var channels = (await api.GetAsync("/api/channels?prefix=" + channel)).Ok();
        Assert.Equal(1, (int)channels["channels"]!.AsArray().Single()!["subscribers"]!);
        Assert.Empty(channels["failedEdges"]!.AsArray());
        Assert.Equal(4, (await api.GetAsync("/api/info")).Ok()["edges"]!.AsArray().Count);

        Assert.Equal(2, (int)(await api.PostAsync("/api/disconnect", new JsonObject { ["user"] = user })).Ok()["connections"]!);
        Assert.Equal(3002, (await Eventually.WithinAsync(onD.Closed, "the connection on the other client-mode edge to close")).Code);
        Assert.Equal(3002, (await Eventually.WithinAsync(onA.Closed, "the connection on the co-hosted edge to close")).Code);
    }

    private Task<EdgeServer> StartClientEdgeAsync() =>
        EdgeServer.StartAsync(new Dictionary<string, string?>(Settings)
        {
            ["Cluster:Mode"] = "Client",
            ["Cluster:ClusterId"] = cluster.ClusterId,
            ["Cluster:GatewayPorts"] = cluster.A.App.Configuration["Cluster:GatewayPort"],
        });
}
