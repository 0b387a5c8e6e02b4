using System.Diagnostics;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>An idle receiver gets an <c>h</c> frame every heartbeat interval, on every transport (edge with a 300 ms interval).</summary>
public sealed class HeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["SockJs:HeartbeatInterval"] = "00:00:00.300",
    };

    [EdgeOnlyFact]
    public async Task XhrPolling_IdlePoll_IsAnsweredWithHeartbeat()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var session = SockJsServerFixture.NewSession(edge.Url + "/echo");
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");

        var idle = Stopwatch.StartNew();
        var r = await RawHttp.PostAsync(session + "/xhr");

        SockJsAssert.StatusAndBody(r, 200, "h\n");
        Assert.True(idle.Elapsed >= Interval * 0.6, $"The heartbeat came after {idle.ElapsedMilliseconds} ms, before the 300 ms interval");
    }

    [EdgeOnlyFact]
    public async Task XhrStreaming_IdleStream_GetsHeartbeatChunks()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var (c, r) = await RawHttp.StartAsync("POST", SockJsServerFixture.NewSession(edge.Url + "/echo") + "/xhr_streaming");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            await c.ReadChunkAsync("prelude");
            await SockJsAssert.ChunkAsync(c, "o\n", "open frame");

            await SockJsAssert.ChunkAsync(c, "h\n", "the first heartbeat");
            await SockJsAssert.ChunkAsync(c, "h\n", "the second heartbeat");
        }
    }

    [EdgeOnlyFact]
    public async Task EventSource_IdleStream_GetsHeartbeatEvents()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var (c, r) = await RawHttp.StartAsync("GET", SockJsServerFixture.NewSession(edge.Url + "/echo") + "/eventsource");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            await c.ReadChunkAsync("prelude");
            await SockJsAssert.ChunkAsync(c, "data: o\r\n\r\n", "open event");

            await SockJsAssert.ChunkAsync(c, "data: h\r\n\r\n", "the first heartbeat event");
            await SockJsAssert.ChunkAsync(c, "data: h\r\n\r\n", "the second heartbeat event");
        }
    }

    [EdgeOnlyFact]
    public async Task HtmlFile_IdleStream_GetsHeartbeatScripts()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var (c, r) = await RawHttp.StartAsync("GET", SockJsServerFixture.NewSession(edge.Url + "/echo") + "/htmlfile?c=cb");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            await c.ReadChunkAsync("htmlfile head");
            await SockJsAssert.ChunkAsync(c, "<script>\np(\"o\");\n</script>\r\n", "open frame script");

            await SockJsAssert.ChunkAsync(c, "<script>\np(\"h\");\n</script>\r\n", "the heartbeat script");
        }
    }

    [EdgeOnlyFact]
    public async Task Jsonp_IdlePoll_IsAnsweredWithHeartbeat()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        var session = SockJsServerFixture.NewSession(edge.Url + "/echo");
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        SockJsAssert.StatusAndBody(await RawHttp.GetAsync(session + "/jsonp?c=x"), 200, "/**/x(\"h\");\r\n");
    }

    [EdgeOnlyFact]
    public async Task WebSocket_IdleSocket_GetsHeartbeatFrames()
    {
        await using var edge = await EdgeServer.StartAsync(Settings);
        await using var ws = await RawWebSocket.ConnectAsync(SockJsServerFixture.NewSession(edge.Url + "/echo") + "/websocket");
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame"));

        Assert.Equal("h", await ws.ReceiveTextAsync("the first heartbeat frame"));
        Assert.Equal("h", await ws.ReceiveTextAsync("the second heartbeat frame"));
        await ws.CloseAsync();
    }
}
