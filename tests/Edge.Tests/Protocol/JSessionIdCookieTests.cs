using System.Text.Json;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Protocol;

/// <summary>The cookie-needed service sets <c>JSESSIONID</c> (echoed, else <c>dummy</c>) on every session transport, never on <c>/info</c>.</summary>
[Collection(SockJsCollection.Name)]
public sealed class JSessionIdCookieTests(SockJsServerFixture server)
{
    [Fact]
    public async Task Info_ReportsCookieNeeded_WithoutSettingACookie()
    {
        var r = await RawHttp.GetAsync(server.CookieUrl + "/info");

        SockJsAssert.Status(r, 200);
        SockJsAssert.NoCookie(r);
        using var json = JsonDocument.Parse(r.BodyText);
        Assert.Equal(JsonValueKind.True, json.RootElement.GetProperty("cookie_needed").ValueKind);
    }

    [Fact]
    public async Task Xhr_SetsDummyCookie_OrEchoesTheClientsCookie()
    {
        var r = await RawHttp.PostAsync(SockJsServerFixture.NewSession(server.CookieUrl) + "/xhr");
        SockJsAssert.StatusAndBody(r, 200, "o\n");
        SockJsAssert.JSessionIdCookie(r);

        var echoed = await RawHttp.PostAsync(SockJsServerFixture.NewSession(server.CookieUrl) + "/xhr", null, ("Cookie", "JSESSIONID=abcdef"));
        SockJsAssert.StatusAndBody(echoed, 200, "o\n");
        SockJsAssert.JSessionIdCookie(echoed, "abcdef");
    }

    [Fact]
    public async Task XhrStreaming_SetsCookie()
    {
        var (c, r) = await RawHttp.StartAsync("POST", SockJsServerFixture.NewSession(server.CookieUrl) + "/xhr_streaming");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            SockJsAssert.JSessionIdCookie(r);
        }
    }

    [Fact]
    public async Task EventSource_SetsCookie()
    {
        var (c, r) = await RawHttp.StartAsync("GET", SockJsServerFixture.NewSession(server.CookieUrl) + "/eventsource");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            SockJsAssert.JSessionIdCookie(r);
        }
    }

    [Fact]
    public async Task HtmlFile_SetsCookie()
    {
        var (c, r) = await RawHttp.StartAsync("GET", SockJsServerFixture.NewSession(server.CookieUrl) + "/htmlfile?c=%63allback");
        using (c)
        {
            SockJsAssert.Status(r, 200);
            SockJsAssert.JSessionIdCookie(r);
        }
    }

    [Fact]
    public async Task Jsonp_AndJsonpSend_SetCookie()
    {
        var session = SockJsServerFixture.NewSession(server.CookieUrl);

        var r = await RawHttp.GetAsync(session + "/jsonp?c=%63allback");
        SockJsAssert.StatusAndBody(r, 200, "/**/callback(\"o\");\r\n");
        SockJsAssert.JSessionIdCookie(r);

        var send = await RawHttp.PostAsync(session + "/jsonp_send", "d=%5B%22x%22%5D", ("Content-Type", "application/x-www-form-urlencoded"));
        SockJsAssert.StatusAndBody(send, 200, "ok");
        SockJsAssert.JSessionIdCookie(send);
    }
}
