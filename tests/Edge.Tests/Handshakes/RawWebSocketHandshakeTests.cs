using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Handshakes;

/// <summary>The raw endpoint <c>/websocket</c> speaks RFC 6455 (versions 13 and 8) only.</summary>
[Collection(SockJsCollection.Name)]
public sealed class RawWebSocketHandshakeTests(SockJsServerFixture server)
{
    [Theory]
    [InlineData("13")]
    [InlineData("8")]
    public async Task RawWebSocket_Rfc6455Versions_AreAcceptedAndEcho(string version)
    {
        await using var ws = await RawWebSocket.ConnectAsync(server.EchoUrl + "/websocket", RawWebSocket.HandshakeHeaders(version: version));

        await ws.SendTextAsync("raw");
        Assert.Equal("raw", await ws.ReceiveTextAsync($"raw echo over version {version}"));
        await ws.CloseAsync();
    }

    [Fact]
    public async Task RawWebSocket_Hixie76_Is400OnlyRfc6455()
    {
        var url = server.EchoUrl + "/websocket";
        await using var c = await RawHttpConnection.ConnectAsync(url);
        await c.WriteRequestAsync("GET", RawUrl.Parse(url).Target, RawHixieWebSocket.Hixie76Headers($"http://{c.HostHeader}"));
        await c.SendAsync(RawHixieWebSocket.ExampleKey3);

        var r = await c.ReadBodyAsync(await c.ReadHeadAsync("the answer to hixie-76 on the raw endpoint"), "its reason");

        SockJsAssert.Status(r, 400);
        SockJsAssert.BodyContains(r, "Only supported WebSocket protocol is RFC 6455.");
    }
}
