using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// <c>SockJs:MaxWebSocketConnections</c>: the edge holds that many WebSockets across its services and endpoints,
/// on the fast path and through HTTP alike; one more handshake gets 503, and a place freed is usable again.
/// </summary>
public sealed class UpgradeLimitTests
{
    [EdgeOnlyFact]
    public async Task BeyondTheEdgeLimit_HandshakeIs503_UntilOneCloses()
    {
        await using var edge = await EdgeServer.StartAsync(new Dictionary<string, string?> { ["SockJs:MaxWebSocketConnections"] = "3" });
        var fast = await RawWebSocket.ConnectAsync(edge.Url + "/echo/websocket");
        await using var framed = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(edge.Url + "/echo") + "/websocket");

        // hybi-08 always goes through the HTTP stack.
        await using var draft = await RawWebSocket.ConnectAsync(edge.Url + "/close/websocket", RawWebSocket.HandshakeHeaders(version: "8"));

        foreach (var url in new[] { edge.Url + "/echo/websocket", SecurityFixture.NewSession(edge.Url + "/broadcast") + "/websocket" })
        {
            var r = await RawHttp.GetAsync(url, [.. RawWebSocket.HandshakeHeaders()]);
            Assert.True(r.StatusCode == 503, $"A fourth WebSocket on {url} must get 503:\n{r.Describe()}");
        }

        await fast.CloseAsync();
        Assert.True((await fast.ReceiveAsync("the close answer")).IsEnd);
        await fast.DisposeAsync();

        // The place comes back when the server has seen the session end.
        RawWebSocket? again = null;
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    again = await RawWebSocket.ConnectAsync(edge.Url + "/echo/websocket");
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            },
            "a WebSocket once one of three closed");
        await using (again)
        {
            await again!.SendTextAsync("back");
            Assert.Equal("back", await again.ReceiveTextAsync("the echo on the freed place"));
        }
    }
}
