using System.Globalization;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>HTTP/1.1 clients: keep-alive works, streams are chunked one frame per chunk.</summary>
[Collection(SockJsCollection.Name)]
public sealed class Http11Tests(SockJsServerFixture server)
{
    private static readonly (string, string)[] KeepAlive = [("Connection", "Keep-Alive")];

    [Fact]
    public async Task Http11_Greeting_KeepsTheConnectionAliveForASecondRequest()
    {
        await using var c = await RawHttpConnection.ConnectAsync(server.EchoUrl);
        var target = RawUrl.Parse(server.EchoUrl).Target;

        var r = await c.RequestHeadAsync("GET", target, KeepAlive);

        SockJsAssert.Status(r, 200);
        Assert.Equal("1.1", r.HttpVersion);
        Assert.Contains(r["Connection"]?.ToLowerInvariant() ?? "", new[] { "keep-alive", "" });
        if (!string.IsNullOrEmpty(r["Content-Length"]))
        {
            Assert.Equal(19, int.Parse(r["Content-Length"]!, CultureInfo.InvariantCulture));
            Assert.Equal("Welcome to SockJS!\n", await c.ReadExactlyTextAsync(19, "greeting body"));
            Assert.True(string.IsNullOrEmpty(r["Transfer-Encoding"]), $"Content-Length and chunking exclude each other:\n{r.Describe()}");
        }
        else
        {
            Assert.Equal("chunked", r["Transfer-Encoding"]?.ToLowerInvariant());
            await SockJsAssert.ChunkAsync(c, "Welcome to SockJS!\n", "greeting chunk");
            await SockJsAssert.EndOfChunksAsync(c, "end of the greeting");
        }

        var second = await c.RequestHeadAsync("GET", target, KeepAlive);
        SockJsAssert.Status(second, 200);
    }

    [Fact]
    public async Task Http11_Streaming_IsChunkedOneFramePerChunk()
    {
        var session = SockJsServerFixture.NewSession(server.CloseUrl);
        await using var c = await RawHttpConnection.ConnectAsync(session);

        var r = await c.RequestHeadAsync("POST", RawUrl.Parse(session).Target + "/xhr_streaming", KeepAlive);

        SockJsAssert.Status(r, 200);
        Assert.Equal("chunked", r["Transfer-Encoding"]?.ToLowerInvariant());
        Assert.True(string.IsNullOrEmpty(r["Content-Length"]), $"A stream has no Content-Length:\n{r.Describe()}");
        Assert.Equal('h', (char)(await c.ReadChunkAsync("prelude chunk"))[0]);
        await SockJsAssert.ChunkAsync(c, "o\n", "open frame chunk");
        await SockJsAssert.ChunkAsync(c, "c[3000,\"Go away!\"]\n", "close frame chunk");
        await SockJsAssert.EndOfChunksAsync(c, "the terminating chunk");
    }

    [Fact]
    public async Task Http11_PostWithoutContentLength_IsServed()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        await using var c = await RawHttpConnection.ConnectAsync(session);

        var head = await c.RequestHeadAsync("POST", RawUrl.Parse(session).Target + "/xhr");
        var r = await c.ReadBodyAsync(head, "xhr body");

        SockJsAssert.StatusAndBody(r, 200, "o\n");
    }
}
