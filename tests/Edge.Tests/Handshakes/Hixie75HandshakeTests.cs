using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Handshakes;

/// <summary>Hixie-75 on <c>.../websocket</c>: no keys; the 101 carries <c>WebSocket-Origin</c> and <c>WebSocket-Location</c>.</summary>
[Collection(SockJsCollection.Name)]
public sealed class Hixie75HandshakeTests(SockJsServerFixture server)
{
    [Fact]
    public async Task Hixie75_Handshake_NamesOriginAndLocation_ThenEchoes()
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        await using var ws = await RawHixieWebSocket.ConnectHixie75Async(url);
        var r = ws.Handshake;
        var host = ws.Connection.HostHeader;

        Assert.Equal("upgrade", r["Connection"]?.ToLowerInvariant());
        Assert.Equal("websocket", r["Upgrade"]?.ToLowerInvariant());
        Assert.Equal($"http://{host}", r["WebSocket-Origin"]);
        Assert.Equal($"ws://{host}{RawUrl.Parse(url).Target}", r["WebSocket-Location"]);
        Assert.False(r.HasHeader("Content-Length"), $"A 101 must have no Content-Length:\n{r.Describe()}");

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));
        await ws.SendTextAsync("[\"a\"]");
        Assert.Equal("a[\"a\"]", await ws.ReceiveTextAsync("echo of [\"a\"]"));
        await ws.CloseAsync();
    }
}
