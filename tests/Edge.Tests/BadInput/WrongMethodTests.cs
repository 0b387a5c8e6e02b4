using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>A known path with the wrong method is 405 with <c>Allow</c>, no Content-Type and no body.</summary>
[Collection(SockJsCollection.Name)]
public sealed class WrongMethodTests(SockJsServerFixture server)
{
    [Theory]
    [InlineData("POST", "", "GET")]
    [InlineData("PUT", "/info", "GET")]
    [InlineData("POST", "/info", "GET")]
    [InlineData("DELETE", "/iframe.html", "GET")]
    [InlineData("GET", "/a/a/xhr", "POST")]
    [InlineData("GET", "/a/a/xhr_send", "POST")]
    [InlineData("GET", "/a/a/xhr_streaming", "POST")]
    [InlineData("PUT", "/a/a/eventsource", "GET")]
    [InlineData("POST", "/a/a/htmlfile", "GET")]
    [InlineData("POST", "/a/a/jsonp", "GET")]
    [InlineData("GET", "/a/a/jsonp_send", "POST")]
    [InlineData("POST", "/a/a/websocket", "GET")]
    [InlineData("POST", "/websocket", "GET")]
    public async Task WrongMethod_Is405WithAllow(string method, string suffix, string allowed)
    {
        var r = await RawHttp.SendAsync(method, server.EchoUrl + suffix, body: method is "POST" or "PUT" ? [] : null);

        SockJsAssert.MethodNotAllowed(r);
        Assert.True(
            r["Allow"]!.Split(',').Select(m => m.Trim()).Contains(allowed),
            $"Allow must list {allowed} for {suffix}:\n{r.Describe()}");
    }
}
