using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>jsonp-polling: <c>/**/cb("F");\r\n</c> per request; <c>jsonp_send</c> takes form field <c>d</c> or a raw body and answers <c>ok</c>.</summary>
[Collection(SockJsCollection.Name)]
public sealed class JsonPollingTests(SockJsServerFixture server)
{
    private static readonly (string, string) Form = ("Content-Type", "application/x-www-form-urlencoded");

    [Fact]
    public async Task Jsonp_Transport_WrapsFramesInTheCallback()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);

        var r = await RawHttp.GetAsync(session + "/jsonp?c=%63allback");
        SockJsAssert.StatusAndBody(r, 200, "/**/callback(\"o\");\r\n");
        SockJsAssert.ContentType(r, "application/javascript;charset=UTF-8");
        SockJsAssert.NotCached(r);

        var send = await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22x%22%5D", Form);
        // 200 with "ok" rather than 204: Konqueror mishandles 204.
        SockJsAssert.StatusAndBody(send, 200, "ok");
        SockJsAssert.ContentType(send, "text/plain;charset=UTF-8");
        SockJsAssert.NotCached(send);

        SockJsAssert.StatusAndBody(await RawHttp.GetAsync(session + "/jsonp?c=%63allback"), 200, "/**/callback(\"a[\\\"x\\\"]\");\r\n");
    }

    [Fact]
    public async Task Jsonp_WithoutCallback_Is500()
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + "/a/a/jsonp");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "\"callback\" parameter required");
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("*")]
    [InlineData("abc(")]
    [InlineData("abc%28")]
    public async Task Jsonp_InvalidCallback_Is500(string callback)
    {
        var r = await RawHttp.GetAsync(server.EchoUrl + "/a/a/jsonp?c=" + callback);

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "invalid \"callback\" parameter");
    }

    [Fact]
    public async Task JsonpSend_BrokenOrMissingPayload_Is500_AndTheSessionKeepsWorking()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        var broken = await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22x", Form);
        SockJsAssert.Status(broken, 500);
        SockJsAssert.BodyContains(broken, "Broken JSON encoding.");

        foreach (var data in new[] { "", "d=", "p=p" })
        {
            var r = await RawHttp.PostAsync(session + "/jsonp_send", data, Form);
            Assert.True(r.StatusCode == 500, $"jsonp_send with body '{data}' must be 500:\n{r.Describe()}");
            SockJsAssert.BodyContains(r, "Payload expected.");
        }

        SockJsAssert.Body(await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22b%22%5D", Form), "ok");

        SockJsAssert.StatusAndBody(await RawHttp.GetAsync(session + "/jsonp?c=x"), 200, "/**/x(\"a[\\\"b\\\"]\");\r\n");
    }

    [Fact]
    public async Task JsonpSend_AcceptsFormAndRawBodies_WithoutUrlDecodingRawOnes()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        SockJsAssert.Body(await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22abc%22%5D", Form), "ok");
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/jsonp_send", "[\"%61bc\"]", ("Content-Type", "text/plain")), "ok");

        SockJsAssert.StatusAndBody(await RawHttp.GetAsync(session + "/jsonp?c=x"), 200, "/**/x(\"a[\\\"abc\\\",\\\"%61bc\\\"]\");\r\n");
    }

    [Fact]
    public async Task Jsonp_ClosedSession_ServesTheCloseFrameToEveryPoll()
    {
        var session = SockJsServerFixture.NewSession(server.CloseUrl);

        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"c[3000,\\\"Go away!\\\"]\");\r\n");
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"c[3000,\\\"Go away!\\\"]\");\r\n");
    }

    [Fact]
    public async Task JsonpSend_EmptyArray_IsAccepted()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        SockJsAssert.Body(await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%5D", Form), "ok");
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22x%22%5D", Form), "ok");

        SockJsAssert.StatusAndBody(await RawHttp.GetAsync(session + "/jsonp?c=x"), 200, "/**/x(\"a[\\\"x\\\"]\");\r\n");
    }
}
