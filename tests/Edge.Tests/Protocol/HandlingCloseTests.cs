using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>Closing: the close frame goes to every receiver, a second receiver gets 2010, and an aborted receiver ends the session.</summary>
[Collection(SockJsCollection.Name)]
public sealed class HandlingCloseTests(SockJsServerFixture server)
{
    private const string AnotherConnection = "c[2010,\"Another connection still open\"]\n";

    [Fact]
    public async Task ClosedSession_EveryStreamGetsTheCloseFrameAndEnds()
    {
        var session = SockJsServerFixture.NewSession(server.CloseUrl);
        var (c1, r1) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c1)
        {
            SockJsAssert.Status(r1, 200);
            await c1.ReadChunkAsync("prelude of the first stream");
            await SockJsAssert.ChunkAsync(c1, "o\n", "open frame");
            await SockJsAssert.ChunkAsync(c1, "c[3000,\"Go away!\"]\n", "close frame on the first stream");

            var (c2, r2) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
            using (c2)
            {
                SockJsAssert.Status(r2, 200);
                await c2.ReadChunkAsync("prelude of the second stream");
                await SockJsAssert.ChunkAsync(c2, "c[3000,\"Go away!\"]\n", "the stored close frame, not 2010, on the second stream");

                await SockJsAssert.EndOfChunksAsync(c1, "the first stream to end after its close frame");
                await SockJsAssert.EndOfChunksAsync(c2, "the second stream to end after its close frame");
            }
        }
    }

    [Fact]
    public async Task SecondStream_GetsAnotherConnectionStillOpen_AndEnds()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c1, r1) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c1)
        {
            SockJsAssert.Status(r1, 200);
            await c1.ReadChunkAsync("prelude of the first stream");
            await SockJsAssert.ChunkAsync(c1, "o\n", "open frame");

            var (c2, r2) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
            using (c2)
            {
                SockJsAssert.Status(r2, 200);
                await c2.ReadChunkAsync("prelude of the second stream");
                await SockJsAssert.ChunkAsync(c2, AnotherConnection, "2010 on the second stream");
                await SockJsAssert.EndOfChunksAsync(c2, "the second stream to end after 2010");
            }
        }
    }

    [Fact]
    public async Task AbortedStream_EndsTheSession_SoTheNextStreamIsNotRefused()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c1, r1) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c1)
        {
            SockJsAssert.Status(r1, 200);
            await c1.ReadChunkAsync("prelude of the first stream");
            await SockJsAssert.ChunkAsync(c1, "o\n", "open frame");

            var (c2, r2) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
            using (c2)
            {
                SockJsAssert.Status(r2, 200);
                await c2.ReadChunkAsync("prelude of the second stream");
                await SockJsAssert.ChunkAsync(c2, AnotherConnection, "2010 on the second stream");
                await SockJsAssert.EndOfChunksAsync(c2, "the second stream to end after 2010");
            }
        }

        // The first stream was cut by the client just now; the next one comes at once.
        var (c3, r3) = await RawHttp.StartAsync("POST", session + "/xhr_streaming");
        using (c3)
        {
            SockJsAssert.Status(r3, 200);
            await c3.ReadChunkAsync("prelude of the stream after the abort");
            var frame = await c3.ReadChunkTextAsync("the first frame after the abort");
            Assert.True(
                frame is "o\n" or "c[1002,\"Connection interrupted\"]\n",
                $"After an aborted receiver expected o or c[1002,\"Connection interrupted\"], got \"{SockJsAssert.Escape(frame)}\"");
        }
    }

    [Fact]
    public async Task AbortedPoll_EndsTheSession_SoTheNextPollIsNotRefused()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");

        var (c1, p1) = await RawHttp.BeginAsync("POST", session + "/xhr");
        var (c2, p2) = await RawHttp.BeginAsync("POST", session + "/xhr");
        using (c1)
        using (c2)
        {
            var refused = await Task.WhenAny(p1, p2);
            SockJsAssert.Body(await refused, AnotherConnection);
            Assert.False((refused == p1 ? p2 : p1).IsCompleted, "The attached poll must stay open while the second one is refused");
        }

        // Both connections are closed now, the attached poll by the client; the next poll comes at once.
        var r3 = await RawHttp.PostAsync(session + "/xhr");
        Assert.True(
            r3.BodyText is "o\n" or "c[1002,\"Connection interrupted\"]\n",
            $"After an aborted poll expected o or c[1002,\"Connection interrupted\"]:\n{r3.Describe()}");
    }
}
