using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>The SockJS WebSocket transport <c>/&lt;server&gt;/&lt;session&gt;/websocket</c> over RFC 6455.</summary>
[Collection(SockJsCollection.Name)]
public sealed class WebSocketTests(SockJsServerFixture server)
{
    [Fact]
    public async Task WebSocket_PlainGet_Is400()
    {
        SockJsAssert.Status(await RawHttp.GetAsync(server.EchoUrl + "/0/0/websocket"), 400);
    }

    [Fact]
    public async Task WebSocket_ConnectionHeaderRewrittenToClose_Is400()
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + "/0/0/websocket", ("Upgrade", "WebSocket"), ("Connection", "close"));

        SockJsAssert.Status(r, 400);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WebSocket_Post_Is405(bool withUpgradeHeaders)
    {
        (string, string)[] headers = withUpgradeHeaders ? [("Upgrade", "WebSocket"), ("Connection", "Upgrade")] : [];

        SockJsAssert.MethodNotAllowed(await RawHttp.PostAsync(server.EchoUrl + "/0/0/websocket", null, headers));
    }

    [Fact]
    public async Task WebSocket_OpensWithO_AndEchoes()
    {
        await using var ws = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket");

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));
        await ws.SendTextAsync("[\"a\"]");
        Assert.Equal("a[\"a\"]", await ws.ReceiveTextAsync("echo of [\"a\"]"));
        await ws.CloseAsync();
    }

    [Fact]
    public async Task WebSocket_ServerClose_SendsCloseFrameThenClosesTheSocket()
    {
        await using var ws = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(server.CloseUrl) + "/websocket");

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));
        Assert.Equal("c[3000,\"Go away!\"]", await ws.ReceiveTextAsync("close frame"));
        var next = await ws.ReceiveAsync("the socket to close after the close frame");
        Assert.True(next.IsEnd, $"Expected the socket to close after c[3000,\"Go away!\"], got {next}");
    }

    [Fact]
    public async Task WebSocket_Hybi13Handshake_HasAcceptAndNoContentLength()
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        await using var c = await RawHttpConnection.ConnectAsync(url);

        var r = await c.RequestHeadAsync("GET", RawUrl.Parse(url).Target,
        [
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Origin", "http://asd"),
            ("Sec-WebSocket-Key", "x3JJHMbDL1EzLkh9GBhXDw=="),
        ]);

        SockJsAssert.Status(r, 101);
        Assert.Equal("HSmrc0sMlYUkAGmm5OPpG2HaGWk=", r["Sec-WebSocket-Accept"]);
        Assert.Equal("upgrade", r["Connection"]?.ToLowerInvariant());
        Assert.Equal("websocket", r["Upgrade"]?.ToLowerInvariant());
        Assert.False(r.HasHeader("Content-Length"), $"A 101 must have no Content-Length:\n{r.Describe()}");
    }

    [Fact]
    public async Task WebSocket_EmptyMessagesAndEmptyArrays_AreIgnored()
    {
        await using var ws = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket");
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));

        await ws.SendTextAsync("");
        await ws.SendTextAsync("[]");
        await ws.SendTextAsync("[\"a\"]");

        Assert.Equal("a[\"a\"]", await ws.ReceiveTextAsync("echo of [\"a\"] as the first frame after o"));
        await ws.CloseAsync();
    }

    [Fact]
    public async Task WebSocket_SameSessionId_GivesIndependentSessions_AndMayBeReused()
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        await using (var ws1 = await RawWebSocket.ConnectAsync(url))
        await using (var ws2 = await RawWebSocket.ConnectAsync(url))
        {
            Assert.Equal("o", await ws1.ReceiveTextAsync("open frame on the first socket"));
            Assert.Equal("o", await ws2.ReceiveTextAsync("open frame on the second socket with the same session id"));

            await ws1.SendTextAsync("[\"a\"]");
            Assert.Equal("a[\"a\"]", await ws1.ReceiveTextAsync("echo on the first socket"));
            await ws2.SendTextAsync("[\"b\"]");
            Assert.Equal("a[\"b\"]", await ws2.ReceiveTextAsync("echo on the second socket"));

            await ws1.CloseAsync();
            await ws2.CloseAsync();
        }

        await using var again = await RawWebSocket.ConnectAsync(url);
        Assert.Equal("o", await again.ReceiveTextAsync("open frame when reusing the session id"));
        await again.SendTextAsync("[\"a\"]");
        Assert.Equal("a[\"a\"]", await again.ReceiveTextAsync("echo after reusing the session id"));
        await again.CloseAsync();
    }

    [Fact]
    public async Task WebSocket_BrokenJson_TerminatesTheConnection()
    {
        await using var ws = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket");
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));

        await ws.SendTextAsync("[\"a");

        var next = await ws.ReceiveAsync("the server to drop the socket after broken JSON");
        Assert.True(next.IsEnd, $"Expected the socket to close after broken JSON, got {next}");
    }

    [Theory]
    [InlineData("/000/abc/websocket")]
    [InlineData("/websocket")]
    public async Task WebSocket_DisabledService_Is404(string suffix)
    {
        var r = await RawHttp.GetAsync(server.WsOffUrl + suffix, [.. RawWebSocket.HandshakeHeaders()]);

        SockJsAssert.NotFound(r);
    }
}
