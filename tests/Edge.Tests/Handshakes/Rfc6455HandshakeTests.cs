using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Handshakes;

/// <summary>
/// RFC 6455 (version 13) and the hybi drafts 07/08 on <c>.../websocket</c>, with the header variants
/// real browsers and proxies sent: either Upgrade casing, <c>Connection: keep-alive, Upgrade</c>,
/// <c>Sec-WebSocket-Origin</c>, no Origin or <c>Origin: null</c>.
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class Rfc6455HandshakeTests(SockJsServerFixture server)
{
    private const string SampleKey = "x3JJHMbDL1EzLkh9GBhXDw==";
    private const string SampleAccept = "HSmrc0sMlYUkAGmm5OPpG2HaGWk=";

    [Fact]
    public void ComputeAccept_MatchesTheSuitesSample()
    {
        Assert.Equal(SampleAccept, RawWebSocket.ComputeAccept(SampleKey));
    }

    [Theory]
    [InlineData("13")]
    [InlineData("8")]
    [InlineData("7")]
    public async Task Handshake_WithSecWebSocketOrigin_Answers101WithAccept(string version)
    {
        await using var ws = await HandshakeAsync(
        [
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Version", version),
            ("Sec-WebSocket-Origin", "http://asd"),
            ("Sec-WebSocket-Key", SampleKey),
        ]);

        var r = ws.Handshake;
        Assert.Equal(SampleAccept, r["Sec-WebSocket-Accept"]);
        Assert.Equal("upgrade", r["Connection"]?.ToLowerInvariant());
        Assert.Equal("websocket", r["Upgrade"]?.ToLowerInvariant());
        Assert.False(r.HasHeader("Content-Length"), $"A 101 must have no Content-Length:\n{r.Describe()}");
        await AssertEchoesAsync(ws);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("WebSocket")]
    [InlineData("WEBSOCKET")]
    public async Task Handshake_UpgradeValue_IsCaseInsensitive(string upgrade)
    {
        await using var ws = await HandshakeAsync(
        [
            ("Upgrade", upgrade),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Key", SampleKey),
        ]);

        await AssertEchoesAsync(ws);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("13")]
    public async Task Handshake_ConnectionKeepAliveUpgrade_IsAccepted(string version)
    {
        // Firefox 6.0.2 (version 7) sent this instead of a plain "Connection: Upgrade".
        await using var ws = await HandshakeAsync(
        [
            ("Upgrade", "websocket"),
            ("Connection", "keep-alive, Upgrade"),
            ("Sec-WebSocket-Version", version),
            ("Sec-WebSocket-Origin", "http://asd"),
            ("Sec-WebSocket-Key", SampleKey),
        ]);

        await AssertEchoesAsync(ws);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("http://elsewhere.example")]
    public async Task Handshake_AnyOrMissingOrigin_IsAccepted(string? origin)
    {
        var headers = RawWebSocket.HandshakeHeaders();
        if (origin is not null)
        {
            headers.Add(("Origin", origin));
        }

        await using var ws = await HandshakeAsync(headers);

        await AssertEchoesAsync(ws);
    }

    private async Task<RawWebSocket> HandshakeAsync(List<(string Name, string Value)> headers)
    {
        var url = SockJsServerFixture.NewSession(server.EchoUrl) + "/websocket";
        var c = await RawHttpConnection.ConnectAsync(url);
        try
        {
            var r = await c.RequestHeadAsync("GET", RawUrl.Parse(url).Target, headers);
            if (r.StatusCode != 101)
            {
                await c.ReadBodyAsync(r, "body of the refused handshake");
            }

            SockJsAssert.Status(r, 101);
            return RawWebSocket.Wrap(c, r);
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    private static async Task AssertEchoesAsync(RawWebSocket ws)
    {
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame after the handshake"));
        await ws.SendTextAsync("");
        await ws.SendTextAsync("[\"a\"]");
        Assert.Equal("a[\"a\"]", await ws.ReceiveTextAsync("echo after the handshake"));
        await ws.CloseAsync();
    }
}
