using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>xhr-polling: <c>POST .../xhr</c> answers one frame per request, <c>POST .../xhr_send</c> takes a JSON array.</summary>
[Collection(SockJsCollection.Name)]
public sealed class XhrPollingTests(SockJsServerFixture server)
{
    [Theory]
    [InlineData("/xhr")]
    [InlineData("/xhr_send")]
    public async Task XhrPolling_Options_AnswersCorsPreflight(string suffix)
    {
        await SockJsAssert.OptionsAsync(server.EchoUrl + "/abc/abc" + suffix, "OPTIONS, POST");
    }

    [Fact]
    public async Task XhrPolling_Transport_HeadersAndFraming()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);

        var r = await RawHttp.PostAsync(session + "/xhr", null, ("Origin", "test"));
        SockJsAssert.StatusAndBody(r, 200, "o\n");
        SockJsAssert.ContentType(r, "application/javascript;charset=UTF-8");
        SockJsAssert.Cors(r, "test");
        SockJsAssert.NotCached(r);

        var send = await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]", ("Origin", "test"));
        SockJsAssert.Status(send, 204);
        SockJsAssert.EmptyBody(send);
        // A content type even on the 204: old Firefox otherwise took the empty body for XML.
        SockJsAssert.ContentType(send, "text/plain;charset=UTF-8");
        SockJsAssert.Cors(send, "test");
        SockJsAssert.NotCached(send);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "a[\"x\"]\n");
    }

    [Fact]
    public async Task XhrPolling_WithoutOrigin_AllowsAnyOriginWithoutCredentials()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);

        var r = await RawHttp.PostAsync(session + "/xhr");
        SockJsAssert.StatusAndBody(r, 200, "o\n");
        SockJsAssert.Cors(r);

        var send = await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]");
        SockJsAssert.Status(send, 204);
        SockJsAssert.Cors(send);
    }

    [Fact]
    public async Task XhrPolling_SendToUnknownSession_Is404()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);

        SockJsAssert.NotFound(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"));
    }

    [Fact]
    public async Task XhrPolling_BrokenOrMissingJson_Is500_AndTheSessionKeepsWorking()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");

        var broken = await RawHttp.PostAsync(session + "/xhr_send", "[\"x");
        SockJsAssert.Status(broken, 500);
        SockJsAssert.BodyContains(broken, "Broken JSON encoding.");

        var empty = await RawHttp.PostAsync(session + "/xhr_send", "");
        SockJsAssert.Status(empty, 500);
        SockJsAssert.BodyContains(empty, "Payload expected.");

        var ok = await RawHttp.PostAsync(session + "/xhr_send", "[\"a\"]");
        SockJsAssert.Status(ok, 204);
        SockJsAssert.EmptyBody(ok);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "a[\"a\"]\n");
    }

    [Fact]
    public async Task XhrPolling_SendAcceptsAnyContentType()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");
        string[] contentTypes =
        [
            "text/plain", "T", "application/json", "application/xml", "",
            "application/json; charset=utf-8", "text/xml; charset=utf-8", "text/xml",
        ];

        foreach (var contentType in contentTypes)
        {
            var r = await RawHttp.PostAsync(session + "/xhr_send", "[\"a\"]", ("Content-Type", contentType));
            Assert.True(r.StatusCode == 204, $"xhr_send with Content-Type '{contentType}':\n{r.Describe()}");
            SockJsAssert.EmptyBody(r);
        }

        var expected = "a[" + string.Join(",", Enumerable.Repeat("\"a\"", contentTypes.Length)) + "]\n";
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, expected);
    }

    [Fact]
    public async Task XhrPolling_Preflight_EchoesRequestedHeaders_OnlyWhenSome()
    {
        var withHeaders = await RawHttp.OptionsAsync(
            SockJsServerFixture.NewSession(server.EchoUrl) + "/xhr",
            ("Origin", "test"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "a, b, c"));
        Assert.True(withHeaders.StatusCode is 200 or 204, withHeaders.Describe());
        SockJsAssert.Cors(withHeaders, "test");
        Assert.Equal("a, b, c", withHeaders["Access-Control-Allow-Headers"]);

        var emptyHeaders = await RawHttp.OptionsAsync(
            SockJsServerFixture.NewSession(server.EchoUrl) + "/xhr",
            ("Origin", "test"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", ""));
        Assert.True(emptyHeaders.StatusCode is 200 or 204, emptyHeaders.Describe());
        SockJsAssert.Cors(emptyHeaders, "test");
        Assert.True(string.IsNullOrEmpty(emptyHeaders["Access-Control-Allow-Headers"]), emptyHeaders.Describe());

        var noHeaders = await RawHttp.OptionsAsync(
            SockJsServerFixture.NewSession(server.EchoUrl) + "/xhr",
            ("Origin", "test"), ("Access-Control-Request-Method", "POST"));
        Assert.True(noHeaders.StatusCode is 200 or 204, noHeaders.Describe());
        SockJsAssert.Cors(noHeaders, "test");
        Assert.True(string.IsNullOrEmpty(noHeaders["Access-Control-Allow-Headers"]), noHeaders.Describe());
    }

    [Fact]
    public async Task XhrPolling_EmptyArraySend_IsAccepted()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "o\n");

        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[]"), 204);
        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"a\"]"), 204);

        SockJsAssert.StatusAndBody(await RawHttp.PostAsync(session + "/xhr"), 200, "a[\"a\"]\n");
    }
}
