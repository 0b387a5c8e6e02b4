using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>The greeting at the service's base URL, and 404 for unknown paths under it.</summary>
[Collection(SockJsCollection.Name)]
public sealed class BaseUrlGreetingTests(SockJsServerFixture server)
{
    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task Greeting_IsPlainTextWelcome(string suffix)
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + suffix);

        SockJsAssert.StatusAndBody(r, 200, "Welcome to SockJS!\n");
        SockJsAssert.ContentType(r, "text/plain;charset=UTF-8");
        SockJsAssert.NoCookie(r);
    }

    [Theory]
    [InlineData("/a")]
    [InlineData("/a.html")]
    [InlineData("//")]
    [InlineData("///")]
    [InlineData("/a/a")]
    [InlineData("/a/a/")]
    [InlineData("/a/")]
    public async Task UnknownPathUnderPrefix_Is404(string suffix)
    {
        SockJsAssert.NotFound(await RawHttp.GetAsync(server.EchoUrl + suffix));
    }
}
