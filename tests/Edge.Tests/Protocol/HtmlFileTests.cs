using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>htmlfile: an HTML head padded past 1 KiB calling <c>parent.&lt;callback&gt;</c>, then one script chunk per frame.</summary>
[Collection(SockJsCollection.Name)]
public sealed class HtmlFileTests(SockJsServerFixture server)
{
    [Fact]
    public async Task HtmlFile_SendsPaddedHeadThenScriptChunks()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c, r) = await RawHttp.StartAsync("GET", session + "/htmlfile?c=%63allback");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            SockJsAssert.ContentType(r, "text/html;charset=UTF-8");
            SockJsAssert.NotCached(r);

            var head = await c.ReadChunkTextAsync("the htmlfile head");
            Assert.Equal(Head("callback"), head.Trim());
            Assert.True(head.Length > 1024, $"The head must be padded past 1024 bytes, was {head.Length}");
            await SockJsAssert.ChunkAsync(c, "<script>\np(\"o\");\n</script>\r\n", "the open frame script");

            var send = await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]");
            SockJsAssert.Status(send, 204);
            SockJsAssert.EmptyBody(send);
            await SockJsAssert.ChunkAsync(c, "<script>\np(\"a[\\\"x\\\"]\");\n</script>\r\n", "the echoed message script");
        }
    }

    [Fact]
    public async Task HtmlFile_WithoutCallback_Is500()
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + "/a/a/htmlfile");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "\"callback\" parameter required");
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("*")]
    [InlineData("abc(")]
    [InlineData("abc%28")]
    public async Task HtmlFile_InvalidCallback_Is500(string callback)
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + "/a/a/htmlfile?c=" + callback);

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "invalid \"callback\" parameter");
    }

    [Fact]
    public async Task HtmlFile_ClosesAfterResponseLimit()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c, r) = await RawHttp.StartAsync("GET", session + "/htmlfile?c=callback");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            Assert.NotEmpty(await c.ReadChunkAsync("the htmlfile head"));
            await SockJsAssert.ChunkAsync(c, "<script>\np(\"o\");\n</script>\r\n", "the open frame script");

            var message = new string('x', 4096);
            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"" + message + "\"]"), 204);
            await SockJsAssert.ChunkAsync(c, "<script>\np(\"a[\\\"" + message + "\\\"]\");\n</script>\r\n", "the 4096-character message script");

            await SockJsAssert.EndOfChunksAsync(c, "the stream to end after the limit");
        }
    }

    /// <summary>The htmlfile head for <paramref name="callback"/>, as the protocol defines it (before padding).</summary>
    internal static string Head(string callback) =>
        "<!doctype html>\n" +
        "<html><head>\n" +
        "  <meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\" />\n" +
        "  <meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n" +
        "</head><body><h2>Don't panic!</h2>\n" +
        "  <script>\n" +
        "    document.domain = document.domain;\n" +
        $"    var c = parent.{callback};\n" +
        "    c.start();\n" +
        "    function p(d) {c.message(d);};\n" +
        "    window.onload = function() {c.stop();};\n" +
        "  </script>";
}
