using System.Net.WebSockets;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// A message over <c>SockJs:MaxMessageBytes</c> (256 KiB by default) on each transport of the production-default
/// echo service: 1009 on both WebSocket endpoints, 413 on <c>xhr_send</c> and <c>jsonp_send</c>; nobody else is harmed.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class OversizedMessageTests(SecurityFixture fixture)
{
    private const int OverDefault = (256 * 1024) + 1024;
    private static readonly (string, string) Origin = ("Origin", SecurityFixture.AllowedOrigin);

    [Fact]
    public async Task SockJsWebSocket_OversizedMessage_Closes1009()
    {
        await using (var ws = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(fixture.Demo) + "/websocket"))
        {
            Assert.Equal("o", await ws.ReceiveTextAsync("the open frame"));
            await ws.SendTextAsync("[\"" + new string('x', OverDefault) + "\"]");
            var end = await ws.ReceiveAsync("the close after an oversized message");
            Assert.True(end.IsClose && end.CloseCode == (int)WebSocketCloseStatus.MessageTooBig, $"Expected close 1009, got {end}");
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task RawWebSocket_OversizedMessage_Closes1009()
    {
        await using (var ws = await RawWebSocket.ConnectAsync(fixture.Demo + "/websocket"))
        {
            await ws.SendTextAsync(new string('x', OverDefault));
            var end = await ws.ReceiveAsync("the close after an oversized raw message");
            Assert.True(end.IsClose && end.CloseCode == (int)WebSocketCloseStatus.MessageTooBig, $"Expected close 1009, got {end}");
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task XhrSend_OversizedBody_Is413()
    {
        var session = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr", null, Origin), "o\n");

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"" + new string('x', OverDefault) + "\"]", Origin), 413);

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task JsonpSend_OversizedBody_Is413()
    {
        var session = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x", Origin), "/**/x(\"o\");\r\n");

        var form = ("Content-Type", "application/x-www-form-urlencoded");
        SockJsAssert.Status(await RawHttp.PostAsync(session + "/jsonp_send", "d=" + new string('x', OverDefault), form, Origin), 413);

        await Bystander.AssertUnharmedAsync(fixture);
    }
}
