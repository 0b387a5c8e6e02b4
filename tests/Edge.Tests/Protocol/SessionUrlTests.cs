using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>Session URLs <c>/&lt;server&gt;/&lt;session&gt;/transport</c>: any segment values, no dots or empty segments, server id ignored.</summary>
[Collection(SockJsCollection.Name)]
public sealed class SessionUrlTests(SockJsServerFixture server)
{
    [Theory]
    [InlineData("/a/a")]
    [InlineData("/_/_")]
    [InlineData("/1/")]
    [InlineData("/abcdefgh_i-j%20/abcdefg_i-j%20")]
    public async Task SessionUrl_AcceptsAnyServerAndSessionValue(string sessionPart)
    {
        // A random tail so reruns against a long-lived server start fresh sessions.
        var r = await RawHttp.PostAsync(server.EchoUrl + sessionPart + Random.Shared.Next(0, 1_000_000) + "/xhr");

        SockJsAssert.StatusAndBody(r, 200, "o\n");
    }

    [Theory]
    [InlineData("GET", "//")]
    [InlineData("POST", "//")]
    [InlineData("GET", "/a./a")]
    [InlineData("POST", "/a./a")]
    [InlineData("GET", "/a/a.")]
    [InlineData("POST", "/a/a.")]
    [InlineData("GET", "/./.")]
    [InlineData("POST", "/./.")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/")]
    [InlineData("GET", "///")]
    [InlineData("POST", "///")]
    public async Task SessionUrl_EmptyOrDottedSegments_Are404(string method, string sessionPart)
    {
        SockJsAssert.NotFound(await RawHttp.SendAsync(method, server.EchoUrl + sessionPart + "/xhr"));
    }

    [Fact]
    public async Task SessionUrl_ServerIdIsIgnored()
    {
        var sessionId = Guid.NewGuid().ToString();

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync($"{server.EchoUrl}/000/{sessionId}/xhr"), 200, "o\n");

        var send = await RawHttp.PostAsync($"{server.EchoUrl}/000/{sessionId}/xhr_send", "[\"a\"]");
        SockJsAssert.Status(send, 204);
        SockJsAssert.EmptyBody(send);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync($"{server.EchoUrl}/999/{sessionId}/xhr"), 200, "a[\"a\"]\n");
    }
}
