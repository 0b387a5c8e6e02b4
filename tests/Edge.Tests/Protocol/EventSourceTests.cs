using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>EventSource: a CRLF prelude, then <c>data: F\r\n\r\n</c> per frame, each its own chunk.</summary>
[Collection(SockJsCollection.Name)]
public sealed class EventSourceTests(SockJsServerFixture server)
{
    [Fact]
    public async Task EventSource_SendsPreludeThenDataEvents()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c, r) = await RawHttp.StartAsync("GET", session + "/eventsource");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            SockJsAssert.ContentType(r, "text/event-stream");
            SockJsAssert.NotCached(r);

            await SockJsAssert.ChunkAsync(c, "\r\n", "the CRLF prelude");
            await SockJsAssert.ChunkAsync(c, "data: o\r\n\r\n", "the open event");

            var send = await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]");
            SockJsAssert.Status(send, 204);
            SockJsAssert.EmptyBody(send);
            await SockJsAssert.ChunkAsync(c, "data: a[\"x\"]\r\n\r\n", "the echoed message event");

            // Leading spaces, NUL, LF and CR come back JSON-escaped, never raw.
            var tricky = await RawHttp.PostAsync(session + "/xhr_send", "[\"  \\u0000\\n\\r \"]");
            SockJsAssert.Status(tricky, 204);
            SockJsAssert.EmptyBody(tricky);
            await SockJsAssert.ChunkAsync(c, "data: a[\"  \\u0000\\n\\r \"]\r\n\r\n", "the escaped control characters event");
        }
    }

    [Fact]
    public async Task EventSource_ClosesAfterResponseLimit()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c, r) = await RawHttp.StartAsync("GET", session + "/eventsource");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            Assert.NotEmpty(await c.ReadChunkAsync("prelude"));
            await SockJsAssert.ChunkAsync(c, "data: o\r\n\r\n", "open event");

            var message = "\"" + new string('x', 4096) + "\"";
            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[" + message + "]"), 204);
            await SockJsAssert.ChunkAsync(c, "data: a[" + message + "]\r\n\r\n", "the 4096-character message");

            await SockJsAssert.EndOfChunksAsync(c, "the stream to end after the limit");
        }
    }
}
