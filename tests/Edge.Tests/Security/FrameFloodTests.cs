using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// <c>SockJs:MaxFramesPerSecond</c> (100 here, bursts of 200): a session flooding frames is closed with
/// 3008 on every transport; a session alongside it, and the bystander, carry on.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class FrameFloodTests(SecurityFixture fixture)
{
    private const int Flood = 1000;
    private static readonly (string, string) Origin = ("Origin", SecurityFixture.AllowedOrigin);

    [Fact]
    public async Task RawWebSocketFlood_ClosesOnlyTheFloodingSession()
    {
        await using var calm = await RawWebSocket.ConnectAsync(fixture.Demo + "/websocket");
        await using (var flood = await RawWebSocket.ConnectAsync(fixture.Demo + "/websocket"))
        {
            for (var i = 0; i < Flood && flood.Socket.State == System.Net.WebSockets.WebSocketState.Open; i++)
            {
                await flood.SendTextAsync("x");
            }

            var end = await DrainToEndAsync(flood, Flood);
            Assert.True(end.IsClose && end.CloseCode == 3008, $"Expected close 3008, got {end}");
        }

        await calm.SendTextAsync("still here");
        Assert.Equal("still here", await calm.ReceiveTextAsync("the calm session's echo"));
        await calm.CloseAsync();
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task SockJsWebSocketFlood_IsClosedWith3008Frame()
    {
        await using (var flood = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(fixture.Demo) + "/websocket"))
        {
            Assert.Equal("o", await flood.ReceiveTextAsync("the open frame"));
            for (var i = 0; i < Flood && flood.Socket.State == System.Net.WebSockets.WebSocketState.Open; i++)
            {
                await flood.SendTextAsync("[\"x\"]");
            }

            var closeFrame = false;
            for (var i = 0; i < Flood + 10 && !closeFrame; i++)
            {
                var m = await flood.ReceiveAsync("the close frame c[3008,...] after the flood");
                Assert.False(m.IsEnd, "the socket ended before the SockJS close frame");
                closeFrame = m.Text == "c[3008,\"Too many frames\"]";
            }

            Assert.True(closeFrame, "no c[3008,\"Too many frames\"] frame");
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task XhrSendFlood_ClosesTheSessionWith3008()
    {
        var session = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr", null, Origin), "o\n");

        // The bucket holds 200 frames: 400 sends, 50 at a time so they outrun the refill even on a busy machine.
        for (var batch = 0; batch < 8; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]", Origin)));
        }

        var frames = new List<string>();
        for (var i = 0; i < 5 && !frames.Any(f => f.StartsWith('c')); i++)
        {
            frames.Add((await RawHttp.PostAsync(session + "/xhr", null, Origin)).BodyText);
        }

        Assert.Contains("c[3008,\"Too many frames\"]\n", frames);
        await Bystander.AssertUnharmedAsync(fixture);
    }

    private static async Task<RawWebSocketMessage> DrainToEndAsync(RawWebSocket ws, int bound)
    {
        for (var i = 0; i <= bound; i++)
        {
            var m = await ws.ReceiveAsync("the close after a frame flood");
            if (m.IsEnd)
            {
                return m;
            }
        }

        throw new InvalidOperationException($"No close after {bound} echoes");
    }
}
