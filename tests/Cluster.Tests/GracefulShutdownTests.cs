using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>An edge that stops tells its clients to reconnect elsewhere before it goes.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task StoppingEdge_SendsDisconnectWithReconnect_ThenTheGoAwayCloseFrame()
    {
        var edge = await EdgeServer.StartClusterAsync("shutdown-" + Guid.NewGuid().ToString("N")[..8]);
        await using var client = await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = "shutdown:a"))["ok"]);

        await edge.DisposeAsync();

        var (code, reason) = await Eventually.WithinAsync(client.Closed, "the SockJS close frame from the stopping edge");
        Assert.Equal(3000, code);
        Assert.Equal("Go away!", reason);
        var disconnect = Assert.Single(client.Pushes, p => (string?)p["push"] == "disconnect");
        Assert.Equal(3000, (int)disconnect["code"]!);
        Assert.True((bool)disconnect["reconnect"]!);
    }
}
