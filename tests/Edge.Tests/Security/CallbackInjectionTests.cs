using System.Net;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// JSONP and htmlfile reflect the callback name into script: only <c>[A-Za-z0-9_.-]{1,32}</c> is accepted
/// (else 500 with the protocol's message), every answer carries <c>X-Content-Type-Options: nosniff</c>, and
/// JSONP bodies start with <c>/**/</c> (the Rosetta Flash fix, CVE-2014-4671).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class CallbackInjectionTests(SecurityFixture fixture)
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.11");

    public static TheoryData<string, string> Injections { get; } = Cases();

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task InjectedCallback_Is500_WithNosniff_AndOpensNoSession(string transport, string callback)
    {
        var session = SecurityFixture.NewSession(fixture.Demo);

        var r = await RawHttp.SendFromAsync(Client, "GET", $"{session}/{transport}?c={callback}");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "invalid \"callback\" parameter");
        Assert.Equal("nosniff", r["X-Content-Type-Options"]);
        Assert.DoesNotContain("script", r.BodyText, StringComparison.OrdinalIgnoreCase);
        var opened = await RawHttp.SendFromAsync(Client, "POST", session + "/xhr");
        SockJsAssert.StatusAndBody(opened, 200, "o\n");
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Theory]
    [InlineData("jsonp")]
    [InlineData("htmlfile")]
    public async Task MissingCallback_Is500(string transport)
    {
        var r = await RawHttp.SendFromAsync(Client, "GET", $"{SecurityFixture.NewSession(fixture.Demo)}/{transport}");

        SockJsAssert.Status(r, 500);
        SockJsAssert.BodyContains(r, "\"callback\" parameter required");
        Assert.Equal("nosniff", r["X-Content-Type-Options"]);
    }

    [Fact]
    public async Task Jsonp_StartsWithCommentPrefix_AndIsNosniff_OnEveryFrame()
    {
        var session = SecurityFixture.NewSession(fixture.Demo);
        var callback = "jp.cb_" + new string('x', 26);

        var open = await RawHttp.SendFromAsync(Client, "GET", $"{session}/jsonp?c={callback}");
        var send = await RawHttp.SendFromAsync(Client, "POST", session + "/jsonp_send", [("Content-Type", "application/x-www-form-urlencoded")], "d=%5B%22%3C%2Fscript%3E%22%5D");
        var message = await RawHttp.SendFromAsync(Client, "GET", $"{session}/jsonp?c={callback}");

        SockJsAssert.StatusAndBody(open, 200, $"/**/{callback}(\"o\");\r\n");
        Assert.Equal("nosniff", open["X-Content-Type-Options"]);
        SockJsAssert.StatusAndBody(send, 200, "ok");
        SockJsAssert.Status(message, 200);
        Assert.StartsWith($"/**/{callback}(", message.BodyText, StringComparison.Ordinal);
        Assert.Equal("nosniff", message["X-Content-Type-Options"]);
        Assert.DoesNotContain("</script>", message.BodyText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HtmlFile_IsNosniff()
    {
        var (connection, head) = await RawHttp.StartAsync("GET", SecurityFixture.NewSession(fixture.Demo) + "/htmlfile?c=parent.cb");
        using (connection)
        {
            SockJsAssert.Status(head, 200);
            Assert.Equal("nosniff", head["X-Content-Type-Options"]);
            Assert.StartsWith("text/html", head["Content-Type"], StringComparison.Ordinal);
        }
    }

    private static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var transport in new[] { "jsonp", "htmlfile" })
        {
            foreach (var callback in new[] { "a%20b", "%20", "*", "abc(", "abc(1)", "%3C%2Fscript%3E", "x%3C%2Fscript%3E%3Cscript%3Ealert(1)", "a%22", "a%0A", new string('a', 33) })
            {
                data.Add(transport, callback);
            }
        }

        return data;
    }
}
