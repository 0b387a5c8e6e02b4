using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>
/// xhr-streaming: a 2 KiB prelude, then each frame in its own HTTP chunk, the response ending once
/// the frames (prelude excluded) reach the response limit (4096 on the test service).
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class XhrStreamingTests(SockJsServerFixture server)
{
    private static readonly string Prelude = new string('h', 2048) + "\n";

    [Fact]
    public async Task XhrStreaming_Options_AnswersCorsPreflight()
    {
        await SockJsAssert.OptionsAsync(server.EchoUrl + "/abc/abc/xhr_streaming", "OPTIONS, POST");
    }

    [Fact]
    public async Task XhrStreaming_SendsPreludeThenOneChunkPerFrame()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c, r) = await RawHttp.StartAsync("POST", session + "/xhr_streaming", [("Origin", "test")]);
        using (c)
        {
            SockJsAssert.Status(r, 200);
            SockJsAssert.ContentType(r, "application/javascript;charset=UTF-8");
            SockJsAssert.Cors(r, "test");
            SockJsAssert.NotCached(r);
            Assert.False(r.HasHeader("Content-Length"), $"A stream must have no Content-Length:\n{r.Describe()}");
            Assert.Equal("chunked", r["Transfer-Encoding"]?.ToLowerInvariant());

            await SockJsAssert.ChunkAsync(c, Prelude, "the 2048 h prelude as its own chunk");
            await SockJsAssert.ChunkAsync(c, "o\n", "the open frame as its own chunk");

            var send = await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]");
            SockJsAssert.Status(send, 204);
            SockJsAssert.EmptyBody(send);

            await SockJsAssert.ChunkAsync(c, "a[\"x\"]\n", "the echoed message as its own chunk");
        }
    }

    [Fact]
    public async Task XhrStreaming_ClosesAfterResponseLimit()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c, r) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            Assert.NotEmpty(await c.ReadChunkAsync("prelude"));
            await SockJsAssert.ChunkAsync(c, "o\n", "open frame");

            // Each frame is 134 bytes: after o\n and 30 frames the stream holds 4022 bytes (under
            // 4096), after the 31st 4156. Counting the prelude would end it after about 16.
            var message = "\"" + new string('x', 128) + "\"";
            for (var i = 1; i <= 31; i++)
            {
                SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[" + message + "]"), 204);
                await SockJsAssert.ChunkAsync(c, "a[" + message + "]\n", $"message {i} of 31 before the limit");
            }

            await SockJsAssert.EndOfChunksAsync(c, "the stream to end once 4096 bytes of frames were sent");
        }
    }

    [Fact]
    public async Task XhrStreaming_AfterResponseLimit_NextStreamResumesTheSessionWithoutOpenFrame()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var big = "\"" + new string('x', 4096) + "\"";
        var (c1, r1) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c1)
        {
            SockJsAssert.Status(r1, 200);
            await c1.ReadChunkAsync("prelude");
            await SockJsAssert.ChunkAsync(c1, "o\n", "open frame");
            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[" + big + "]"), 204);
            await SockJsAssert.ChunkAsync(c1, "a[" + big + "]\n", "the message that crosses the limit");
            await SockJsAssert.EndOfChunksAsync(c1, "the stream to end after crossing the limit");
        }

        var (c2, r2) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c2)
        {
            SockJsAssert.Status(r2, 200);
            await SockJsAssert.ChunkAsync(c2, Prelude, "prelude of the reconnected stream");
            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"y\"]"), 204);
            await SockJsAssert.ChunkAsync(c2, "a[\"y\"]\n", "the next message on the same session, with no second o");
        }
    }
}
