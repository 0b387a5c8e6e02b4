using System.Net.WebSockets;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>
/// Sends over <c>SockJs:MaxMessageBytes</c> (1024 here): 413 on xhr_send and jsonp_send with the
/// session still working; a WebSocket closes with 1009 while other sessions carry on.
/// </summary>
public sealed class MessageSizeLimitTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["SockJs:MaxMessageBytes"] = "1024" };

    private static readonly string TooBig = "[\"" + new string('x', 2000) + "\"]";

    [EdgeOnlyFact]
    public async Task XhrSend_OverLimit_Is413_AndTheSessionAndOthersKeepWorking()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var session = SockJsServerFixture.NewSession(edge.Url + "/echo");
        var other = SockJsServerFixture.NewSession(edge.Url + "/echo");
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");
        SockJsAssert.Body(await RawHttp.PostAsync(other + "/xhr"), "o\n");

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", TooBig), 413);

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"small\"]"), 204);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "a[\"small\"]\n");
        SockJsAssert.Status(await RawHttp.PostAsync(other + "/xhr_send", "[\"other\"]"), 204);
        SockJsAssert.Body(await RawHttp.PostAsync(other + "/xhr"), "a[\"other\"]\n");
    }

    [EdgeOnlyFact]
    public async Task JsonpSend_OverLimit_Is413_AndTheSessionKeepsWorking()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var session = SockJsServerFixture.NewSession(edge.Url + "/echo");
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        var form = ("Content-Type", "application/x-www-form-urlencoded");
        SockJsAssert.Status(await RawHttp.PostAsync(session + "/jsonp_send", "d=" + Uri.EscapeDataString(TooBig), form), 413);

        SockJsAssert.Body(await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22small%22%5D", form), "ok");
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"a[\\\"small\\\"]\");\r\n");
    }

    [EdgeOnlyFact]
    public async Task WebSocket_MessageOverLimit_ClosesWith1009_WhileOthersKeepEchoing()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        await using var big = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(edge.Url + "/echo") + "/websocket");
        await using var other = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(edge.Url + "/echo") + "/websocket");
        Assert.Equal("o", await big.ReceiveTextAsync("open frame on the socket that will send too much"));
        Assert.Equal("o", await other.ReceiveTextAsync("open frame on the other socket"));

        await big.SendTextAsync(TooBig);

        var end = await big.ReceiveAsync("the close frame after an oversized message");
        Assert.True(end.IsClose && end.CloseCode == (int)WebSocketCloseStatus.MessageTooBig, $"Expected close 1009, got {end}");
        await other.SendTextAsync("[\"still here\"]");
        Assert.Equal("a[\"still here\"]", await other.ReceiveTextAsync("echo on the other socket"));
        await other.CloseAsync();
    }

    [EdgeOnlyFact]
    public async Task RawWebSocket_MessageOverLimit_ClosesWith1009()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        await using var ws = await RawWebSocket.ConnectAsync(edge.Url + "/echo/websocket");

        await ws.SendTextAsync(new string('x', 2000));

        var end = await ws.ReceiveAsync("the close frame after an oversized raw message");
        Assert.True(end.IsClose && end.CloseCode == (int)WebSocketCloseStatus.MessageTooBig, $"Expected close 1009, got {end}");
    }
}
