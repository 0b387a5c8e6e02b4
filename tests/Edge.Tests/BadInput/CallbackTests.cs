using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.BadInput;

/// <summary>The jsonp and htmlfile callback must be present and made of <c>[a-zA-Z0-9_.-]</c> (jsonp: at most 32 characters).</summary>
[Collection(SockJsCollection.Name)]
public sealed class CallbackTests(SockJsServerFixture server)
{
    [Theory]
    [InlineData("jsonp")]
    [InlineData("htmlfile")]
    [InlineData("jsonp?d=x")]
    [InlineData("htmlfile?cb=x")]
    public async Task MissingCallback_Is500(string transport)
    {
        var r = await RawHttp.GetAsync($"{SockJsServerFixture.NewSession(server.EchoUrl)}/{transport}");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "\"callback\" parameter required");
    }

    [Theory]
    [InlineData("jsonp", "a%20b")]
    [InlineData("jsonp", "alert(1)")]
    [InlineData("jsonp", "a%3Cscript%3E")]
    [InlineData("jsonp", "a;b")]
    [InlineData("jsonp", "%C3%A9")]
    [InlineData("htmlfile", "a%20b")]
    [InlineData("htmlfile", "x%22%3Balert(1)")]
    [InlineData("htmlfile", "a/b")]
    public async Task InvalidCallback_Is500_AndOpensNoSession(string transport, string callback)
    {
        var session = SockJsServerFixture.NewSession(server.EchoUrl);

        var r = await RawHttp.GetAsync($"{session}/{transport}?c={callback}");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "invalid \"callback\" parameter");
        SockJsAssert.NotFound(await RawHttp.PostAsync(session + "/xhr_send", "[\"x\"]"));
    }

    [Fact]
    public async Task Jsonp_CallbackLongerThan32_Is500()
    {
        var r = await RawHttp.GetAsync($"{SockJsServerFixture.NewSession(server.EchoUrl)}/jsonp?c={new string('a', 33)}");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "invalid \"callback\" parameter");
    }

    [Fact]
    public async Task Jsonp_CallbackOf32_AndCallbackParameterName_AreAccepted()
    {
        var callback = "_jp.a" + new string('b', 27);

        var r = await RawHttp.GetAsync($"{SockJsServerFixture.NewSession(server.EchoUrl)}/jsonp?callback={callback}");

        SockJsAssert.StatusAndBody(r, 200, $"/**/{callback}(\"o\");\r\n");
    }
}
