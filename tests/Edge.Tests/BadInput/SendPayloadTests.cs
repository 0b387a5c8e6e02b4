using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>
/// Bad bodies on <c>xhr_send</c> and <c>jsonp_send</c>: empty or non-array → 500 "Payload expected.",
/// unparsable → 500 "Broken JSON encoding.", unknown session → 404; the session survives each.
/// </summary>
[Collection(SockJsCollection.Name)]
public sealed class SendPayloadTests(SockJsServerFixture server)
{
    private static readonly (string, string) Form = ("Content-Type", "application/x-www-form-urlencoded");

    [Theory]
    [InlineData("", "Payload expected.")]
    [InlineData("{\"a\":1}", "Payload expected.")]
    [InlineData("\"x\"", "Payload expected.")]
    [InlineData("1", "Payload expected.")]
    [InlineData("[\"x", "Broken JSON encoding.")]
    [InlineData("[\"x\",]", "Broken JSON encoding.")]
    [InlineData("not json", "Broken JSON encoding.")]
    public async Task XhrSend_BadPayload_Is500WithReason_AndSessionSurvives(string body, string reason)
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");

        var r = await RawHttp.PostAsync(session + "/xhr_send", body);

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, reason);
        SockJsAssert.Status(await RawHttp.PostAsync(session + "/xhr_send", "[\"after\"]"), 204);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "a[\"after\"]\n");
    }

    [Fact]
    public async Task XhrSend_NoBodyAtAll_Is500PayloadExpected()
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.PostAsync(session + "/xhr"), "o\n");

        var r = await RawHttp.PostAsync(session + "/xhr_send");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "Payload expected.");
    }

    [Theory]
    [InlineData("", "Payload expected.")]
    [InlineData("d=", "Payload expected.")]
    [InlineData("p=p", "Payload expected.")]
    [InlineData("d=%22x%22", "Payload expected.")]
    [InlineData("d=%5B%22x", "Broken JSON encoding.")]
    public async Task JsonpSend_BadForm_Is500WithReason(string body, string reason)
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        var r = await RawHttp.PostAsync(session + "/jsonp_send", body, Form);

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, reason);
    }

    [Theory]
    [InlineData("", "Payload expected.")]
    [InlineData("[\"x", "Broken JSON encoding.")]
    public async Task JsonpSend_BadRawBody_Is500WithReason(string body, string reason)
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);
        SockJsAssert.Body(await RawHttp.GetAsync(session + "/jsonp?c=x"), "/**/x(\"o\");\r\n");

        var r = await RawHttp.PostAsync(session + "/jsonp_send", body, ("Content-Type", "text/plain"));

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, reason);
    }

    [Fact]
    public async Task XhrSend_UnknownSession_Is404()
    {
        SockJsAssert.NotFound(await RawHttp.PostAsync(SockJsServerFixture.NewSession(server.EchoUrl) + "/xhr_send", "[\"x\"]"));
    }

    [Fact]
    public async Task JsonpSend_UnknownSession_Is404()
    {
        SockJsAssert.NotFound(await RawHttp.PostAsync(SockJsServerFixture.NewSession(server.EchoUrl) + "/jsonp_send", "d=%5B%22x%22%5D", Form));
    }
}
