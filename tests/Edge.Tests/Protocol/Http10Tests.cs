using System.Globalization;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>HTTP/1.0 clients: no chunking; a length or a closed connection ends each response.</summary>
[Collection(SockJsCollection.Name)]
public sealed class Http10Tests(SockJsServerFixture server)
{
    private static readonly (string, string)[] KeepAlive = [("Connection", "Keep-Alive")];

    [Fact]
    public async Task Http10_Greeting_HasLengthOrClose_AndNoChunking()
    {
        await using var c = await RawHttpConnection.ConnectAsync(server.EchoUrl);
        var target = RawUrl.Parse(server.EchoUrl).Target;

        var r = await c.RequestHeadAsync("GET", target, KeepAlive, httpVersion: "1.0");

        SockJsAssert.Status(r, 200);
        Assert.Contains(r.HttpVersion, new[] { "1.0", "1.1" });
        Assert.True(string.IsNullOrEmpty(r["Transfer-Encoding"]), $"HTTP/1.0 allows no Transfer-Encoding:\n{r.Describe()}");
        if (string.IsNullOrEmpty(r["Content-Length"]))
        {
            Assert.Equal("close", r["Connection"]?.ToLowerInvariant());
            Assert.Equal("Welcome to SockJS!\n", System.Text.Encoding.UTF8.GetString(await c.ReadToEndAsync("greeting body up to the close")));
        }
        else
        {
            Assert.Equal(19, int.Parse(r["Content-Length"]!, CultureInfo.InvariantCulture));
            Assert.Equal("Welcome to SockJS!\n", await c.ReadExactlyTextAsync(19, "greeting body"));
            var connection = r["Connection"]?.ToLowerInvariant() ?? "";
            if (connection is "close" or "")
            {
                Assert.True(await c.ReadsEndOfStreamAsync("the server to close the HTTP/1.0 connection"), "Expected the connection to close");
            }
            else
            {
                Assert.Equal("keep-alive", connection);
                var second = await c.RequestHeadAsync("GET", target, KeepAlive, httpVersion: "1.0");
                SockJsAssert.Status(second, 200);
            }
        }
    }

    [Fact]
    public async Task Http10_Streaming_HasNoLengthNorChunking_AndEndsByClosing()
    {
        var session = SockJsServerFixture.NewSession(server.CloseUrl);
        await using var c = await RawHttpConnection.ConnectAsync(session);

        // HTTP/1.0 requires a Content-Length on every POST (RFC 1945 8.3), so an empty body says 0.
        var r = await c.RequestHeadAsync("POST", RawUrl.Parse(session).Target + "/xhr_streaming", KeepAlive, [], "1.0");

        SockJsAssert.Status(r, 200);
        Assert.True(string.IsNullOrEmpty(r["Transfer-Encoding"]), $"HTTP/1.0 allows no Transfer-Encoding:\n{r.Describe()}");
        Assert.True(string.IsNullOrEmpty(r["Content-Length"]), $"A stream has no Content-Length:\n{r.Describe()}");
        Assert.Equal('h', (char)(await c.ReadExactlyAsync(2049, "the 2048 h prelude and its newline"))[0]);
        Assert.Equal("o\n", await c.ReadExactlyTextAsync(2, "open frame"));
        Assert.Equal("c[3000,\"Go away!\"]\n", await c.ReadExactlyTextAsync(19, "close frame"));
        Assert.True(await c.ReadsEndOfStreamAsync("the server to close the connection to end the HTTP/1.0 stream"), "Expected the connection to close after the close frame");
    }
}
