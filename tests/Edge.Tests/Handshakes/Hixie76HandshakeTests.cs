using System.Text;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Handshakes;

/// <summary>
/// Hixie-76 (hybi-00) on <c>.../websocket</c>: the key1/key2/key3 challenge, the 101 head written
/// before key3 arrives (HAProxy forwards key3 only after the head), and <c>0x00 utf8 0xFF</c> frames.
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class Hixie76HandshakeTests(SockJsServerFixture server)
{
    /// <summary>MD5 of BE32(829309203) ‖ BE32(259970620) ‖ "aaaaaaaa".</summary>
    private static readonly byte[] ExampleAnswer =
        [0xca, 0x34, 0x00, 0xd8, 0xa5, 0x08, 0x47, 0x97, 0x2c, 0xd5, 0x71, 0x5a, 0xba, 0xbf, 0x43, 0x7b];

    [Fact]
    public void ComputeHixie76Answer_MatchesTheSuitesExample()
    {
        var answer = RawHixieWebSocket.ComputeHixie76Answer(
            RawHixieWebSocket.ExampleKey1, RawHixieWebSocket.ExampleKey2, Encoding.ASCII.GetBytes(RawHixieWebSocket.ExampleKey3));

        Assert.Equal(ExampleAnswer, answer);
    }

    [Fact]
    public async Task Hixie76_Haproxy_HeadIsSentBeforeKey3_ThenTheChallengeAnswer()
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        var target = RawUrl.Parse(url).Target;
        await using var c = await RawHttpConnection.ConnectAsync(url);
        var origin = $"http://{c.HostHeader}";

        var r = await c.RequestHeadAsync("GET", target, RawHixieWebSocket.Hixie76Headers(origin));

        SockJsAssert.Status(r, 101);
        Assert.Equal("upgrade", r["Connection"]?.ToLowerInvariant());
        Assert.Equal("websocket", r["Upgrade"]?.ToLowerInvariant());
        Assert.Equal($"ws://{c.HostHeader}{target}", r["Sec-WebSocket-Location"]);
        Assert.Equal(origin, r["Sec-WebSocket-Origin"]);
        Assert.False(r.HasHeader("Content-Length"), $"A 101 must have no Content-Length:\n{r.Describe()}");

        await c.SendAsync(RawHixieWebSocket.ExampleKey3);

        Assert.Equal(ExampleAnswer, await c.ReadExactlyAsync(16, "the 16-byte challenge answer after key3"));
    }

    [Fact]
    public async Task Hixie76_Key3WithTheRequest_IsAnsweredAfterTheHead()
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        var target = RawUrl.Parse(url).Target;
        await using var c = await RawHttpConnection.ConnectAsync(url);
        var origin = $"http://{c.HostHeader}";
        await c.WriteRequestAsync("GET", target, RawHixieWebSocket.Hixie76Headers(origin));
        await c.SendAsync(RawHixieWebSocket.ExampleKey3);

        var r = await c.ReadHeadAsync("the hixie-76 101 head");

        SockJsAssert.Status(r, 101);
        Assert.Equal($"ws://{c.HostHeader}{target}", r["Sec-WebSocket-Location"]);
        Assert.Equal(origin, r["Sec-WebSocket-Origin"]);
        Assert.Equal(ExampleAnswer, await c.ReadExactlyAsync(16, "the 16-byte challenge answer"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hixie76_OpensWithO_AndEchoesInHixieFraming(bool key3AfterHeaders)
    {
        await using var ws = await RawHixieWebSocket.ConnectHixie76Async(
            SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket", key3AfterHeaders);

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));
        await ws.SendTextAsync("[\"a\"]");
        Assert.Equal("a[\"a\"]", await ws.ReceiveTextAsync("echo of [\"a\"]"));
        await ws.CloseAsync();
    }

    [Fact]
    public async Task Hixie76_ServerClose_SendsCloseFrameThenCloses()
    {
        await using var ws = await RawHixieWebSocket.ConnectHixie76Async(SockJsServerFixture.NewSession(server.CloseUrl) + "/websocket");

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));
        Assert.Equal("c[3000,\"Go away!\"]", await ws.ReceiveTextAsync("close frame"));
        Assert.Null(await ws.ReceiveTextAsync("the connection to close after the close frame"));
    }

    [Fact]
    public async Task Hixie76_EmptyFrames_AreIgnored()
    {
        await using var ws = await RawHixieWebSocket.ConnectHixie76Async(SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket");
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));

        await ws.SendTextAsync("");
        await ws.SendTextAsync("[\"a\"]");

        Assert.Equal("a[\"a\"]", await ws.ReceiveTextAsync("echo of [\"a\"] as the first frame after o"));
        await ws.CloseAsync();
    }

    [Fact]
    public async Task Hixie76_SameSessionId_GivesIndependentSessions()
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        await using var ws1 = await RawHixieWebSocket.ConnectHixie76Async(url);
        await using var ws2 = await RawHixieWebSocket.ConnectHixie76Async(url);

        Assert.Equal("o", await ws1.ReceiveTextAsync("open frame on the first socket"));
        Assert.Equal("o", await ws2.ReceiveTextAsync("open frame on the second socket"));
        await ws1.SendTextAsync("[\"a\"]");
        Assert.Equal("a[\"a\"]", await ws1.ReceiveTextAsync("echo on the first socket"));
        await ws2.SendTextAsync("[\"b\"]");
        Assert.Equal("a[\"b\"]", await ws2.ReceiveTextAsync("echo on the second socket"));
    }

    [Fact]
    public async Task Hixie76_BrokenJson_TerminatesTheConnection()
    {
        await using var ws = await RawHixieWebSocket.ConnectHixie76Async(SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket");
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));

        await ws.SendTextAsync("[\"a");

        Assert.Null(await ws.ReceiveTextAsync("the server to drop the connection after broken JSON"));
    }
}
