using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>
/// A second receiving request on a session that already has one gets
/// <c>c[2010,"Another connection still open"]</c> in its own framing and ends, while the first
/// receiver keeps getting the session's messages.
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class SecondReceiverTests(SockJsServerFixture server)
{
    private const string Refusal = "c[2010,\"Another connection still open\"]";

    [Theory]
    [InlineData("POST", "xhr_streaming", "o\n", "c[2010,\"Another connection still open\"]\n", "a[\"x\"]\n")]
    [InlineData("GET", "eventsource", "data: o\r\n\r\n", "data: c[2010,\"Another connection still open\"]\r\n\r\n", "data: a[\"x\"]\r\n\r\n")]
    [InlineData("GET", "htmlfile?c=cb", "<script>\np(\"o\");\n</script>\r\n", "<script>\np(\"c[2010,\\\"Another connection still open\\\"]\");\n</script>\r\n", "<script>\np(\"a[\\\"x\\\"]\");\n</script>\r\n")]
    public async Task SecondStream_IsRefused_WhileTheFirstKeepsStreaming(string method, string transport, string open, string refusal, string echo)
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var (c1, r1) = await RawHttp.StartAsync(method, $"{session}/{transport}");
        using (c1)
        {
            SockJsAssert.Status(r1, 200);
            await c1.ReadChunkAsync("prelude of the first receiver");
            await SockJsAssert.ChunkAsync(c1, open, "open frame on the first receiver");

            var (c2, r2) = await RawHttp.StartAsync(method, $"{session}/{transport}");
            using (c2)
            {
                SockJsAssert.Status(r2, 200);
                await c2.ReadChunkAsync("prelude of the second receiver");
                await SockJsAssert.ChunkAsync(c2, refusal, "2010 on the second receiver");
                await SockJsAssert.EndOfChunksAsync(c2, "the second receiver to end after 2010");
            }

            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"), 204);
            await SockJsAssert.ChunkAsync(c1, echo, "the echo on the first receiver after the refusal");
        }
    }

    [Theory]
    [InlineData("POST", "xhr", "{0}\n")]
    [InlineData("GET", "jsonp?c=x", "/**/x(\"{0}\");\r\n")]
    public async Task SecondPoll_IsRefused_WhileTheFirstKeepsWaiting(string method, string transport, string framing)
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        var url = $"{session}/{transport}";
        SockJsAssert.StatusAndBody(await RawHttp.SendAsync(method, url), 200, Frame(framing, "o"));

        var (c1, p1) = await RawHttp.BeginAsync(method, url);
        var (c2, p2) = await RawHttp.BeginAsync(method, url);
        using (c1)
        using (c2)
        {
            var refused = await Task.WhenAny(p1, p2);
            SockJsAssert.StatusAndBody(await refused, 200, Frame(framing, Refusal));
            var waiting = refused == p1 ? p2 : p1;
            Assert.False(waiting.IsCompleted, "The attached poll must stay open while the second one is refused");

            SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"), 204);
            SockJsAssert.StatusAndBody(await waiting, 200, Frame(framing, "a[\"x\"]"));
        }
    }

    private static string Frame(string framing, string frame) =>
        framing.Contains("/**/", StringComparison.Ordinal)
            ? framing.Replace("{0}", frame.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal)
            : framing.Replace("{0}", frame, StringComparison.Ordinal);
}
