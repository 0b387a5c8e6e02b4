using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Edge.SockJs;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// <c>Edge:AllowedOrigins</c> on every HTTP transport and every WebSocket draft: an origin outside the list
/// gets 403 and no CORS headers, and opens no session; listed origins, the edge's own origin and clients
/// that send no Origin are served.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class OriginTests(SecurityFixture fixture)
{
    // Every request of these tests comes from here, so their probes spend no one else's budget.
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.10");

    public static TheoryData<string, string, string> HttpRoutes { get; } = new()
    {
        { "demo", "GET", "info" },
        { "demo", "OPTIONS", "info" },
        { "demo", "POST", "xhr" },
        { "demo", "OPTIONS", "xhr" },
        { "demo", "POST", "xhr_streaming" },
        { "demo", "OPTIONS", "xhr_streaming" },
        { "demo", "POST", "xhr_send" },
        { "demo", "OPTIONS", "xhr_send" },
        { "demo", "GET", "eventsource" },
        { "demo", "GET", "htmlfile?c=cb" },
        { "demo", "GET", "jsonp?c=cb" },
        { "demo", "POST", "jsonp_send" },
        { "realtime", "GET", "info" },
        { "realtime", "POST", "xhr" },
        { "realtime", "POST", "xhr_send" },
        { "realtime", "GET", "eventsource" },
        { "realtime", "GET", "jsonp?c=cb" },
    };

    [Theory]
    [MemberData(nameof(HttpRoutes))]
    public async Task EvilOrigin_OnHttpTransport_Is403_WithoutCorsHeaders_AndOpensNoSession(string service, string method, string route)
    {
        var (url, sessionId) = Url(service, route);
        var body = method == "POST" ? (route == "jsonp_send" ? "d=%5B%22x%22%5D" : "[\"x\"]") : null;

        var r = await RawHttp.SendFromAsync(Client, method, url, [("Origin", SecurityFixture.EvilOrigin), ("Access-Control-Request-Headers", "content-type")], body);

        SockJsAssert.Status(r, 403);
        AssertNoCors(r);
        if (sessionId is not null)
        {
            Assert.False(SessionExists(service, sessionId), $"{method} {route} from {SecurityFixture.EvilOrigin} opened a session");
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Theory]
    [InlineData("jsonp?c=cb")]
    [InlineData("htmlfile?c=cb")]
    [InlineData("eventsource")]
    public async Task EvilReferer_WithoutOrigin_Is403(string route)
    {
        var (url, _) = Url("demo", route);

        var r = await RawHttp.SendFromAsync(Client, "GET", url, [("Referer", SecurityFixture.EvilOrigin + "/page.html")]);

        SockJsAssert.Status(r, 403);
        AssertNoCors(r);
    }

    [Fact]
    public async Task AllowedReferer_WithoutOrigin_IsServed()
    {
        var (url, _) = Url("demo", "jsonp?c=cb");

        var r = await RawHttp.SendFromAsync(Client, "GET", url, [("Referer", SecurityFixture.AllowedOrigin + "/chat/page.html")]);

        SockJsAssert.StatusAndBody(r, 200, "/**/cb(\"o\");\r\n");
    }

    public static TheoryData<string, string[]> WebSocketDrafts { get; } = new()
    {
        { "RFC 6455", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", "Origin: " + SecurityFixture.EvilOrigin] },
        { "hybi-07", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 7", "Sec-WebSocket-Origin: " + SecurityFixture.EvilOrigin] },
        { "hybi-08", ["Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 8", "Sec-WebSocket-Origin: " + SecurityFixture.EvilOrigin] },
        { "hixie-76", ["Upgrade: WebSocket", "Connection: Upgrade", "Origin: " + SecurityFixture.EvilOrigin, "Sec-WebSocket-Key1: " + RawHixieWebSocket.ExampleKey1, "Sec-WebSocket-Key2: " + RawHixieWebSocket.ExampleKey2] },
        { "hixie-75", ["Upgrade: WebSocket", "Connection: Upgrade", "Origin: " + SecurityFixture.EvilOrigin] },
    };

    [Theory]
    [MemberData(nameof(WebSocketDrafts))]
    public async Task EvilOrigin_OnEveryWebSocketDraft_Is403(string draft, string[] headers)
    {
        foreach (var service in new[] { fixture.Demo, fixture.Realtime })
        {
            var r = await RawHttp.SendFromAsync(Client, "GET", SecurityFixture.NewSession(service) + "/websocket", Headers(headers));

            Assert.True(r.StatusCode == 403, $"{draft} handshake from {SecurityFixture.EvilOrigin} on {service}: expected 403, got\n{r.Describe()}");
        }

        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Theory]
    [InlineData("Origin")]
    [InlineData("Sec-WebSocket-Origin")]
    public async Task EvilOrigin_OnRawWebSocket_Is403(string header)
    {
        var headers = RawWebSocket.HandshakeHeaders(version: header == "Origin" ? "13" : "8");
        headers.Add((header, SecurityFixture.EvilOrigin));

        var r = await RawHttp.SendFromAsync(Client, "GET", fixture.Demo + "/websocket", headers);

        SockJsAssert.Status(r, 403);
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Theory]
    [InlineData(SecurityFixture.AllowedOrigin)]
    [InlineData("https://chat.example.net")]
    [InlineData("https://a.b.example.net")]
    public async Task AllowedOrigin_OpensRfc6455Socket_AndEchoes(string origin)
    {
        var headers = RawWebSocket.HandshakeHeaders();
        headers.Add(("Origin", origin));
        await using var ws = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(fixture.Demo) + "/websocket", headers, localAddress: Client);

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame for an allowed origin"));
        await ws.SendTextAsync("[\"hi\"]");
        Assert.Equal("a[\"hi\"]", await ws.ReceiveTextAsync("echo for an allowed origin"));
    }

    [Fact]
    public async Task AllowedOrigin_OpensHybi08Socket()
    {
        var headers = RawWebSocket.HandshakeHeaders(version: "8");
        headers.Add(("Sec-WebSocket-Origin", SecurityFixture.AllowedOrigin));
        await using var ws = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(fixture.Demo) + "/websocket", headers, localAddress: Client);

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame on hybi-08 from an allowed origin"));
    }

    [Fact]
    public async Task SameOrigin_OpensHixie76Socket()
    {
        // The client names the edge's own origin, http://127.0.0.1:port.
        await using var ws = await RawHixieWebSocket.ConnectHixie76Async(SecurityFixture.NewSession(fixture.Demo) + "/websocket");

        Assert.Equal("o", await ws.ReceiveTextAsync("open frame on hixie-76 from the same origin"));
    }

    [Theory]
    [InlineData("https://example.net")]
    [InlineData("http://chat.example.net")]
    [InlineData("https://chat.example.net:8443")]
    [InlineData("https://app.example.evil")]
    [InlineData("https://evilapp.example")]
    [InlineData("null")]
    [InlineData("*")]
    public async Task OriginsCloseToTheList_AreRefused(string origin)
    {
        var (url, _) = Url("demo", "xhr");

        var r = await RawHttp.SendFromAsync(Client, "POST", url, [("Origin", origin)]);

        SockJsAssert.Status(r, 403);
        AssertNoCors(r);
    }

    [Fact]
    public async Task AllowedOrigin_GetsItsOriginEchoed_WithCredentials()
    {
        var (url, _) = Url("demo", "xhr");

        var r = await RawHttp.SendFromAsync(Client, "POST", url, [("Origin", SecurityFixture.AllowedOrigin)]);

        SockJsAssert.StatusAndBody(r, 200, "o\n");
        Assert.Equal(SecurityFixture.AllowedOrigin, r["Access-Control-Allow-Origin"]);
        Assert.Equal("true", r["Access-Control-Allow-Credentials"]);
    }

    [Fact]
    public async Task SameOrigin_IsServed_WithCredentials()
    {
        var (url, _) = Url("realtime", "xhr");

        var r = await RawHttp.SendFromAsync(Client, "POST", url, [("Origin", fixture.Edge.Url)]);

        SockJsAssert.StatusAndBody(r, 200, "o\n");
        Assert.Equal(fixture.Edge.Url, r["Access-Control-Allow-Origin"]);
    }

    [Fact]
    public async Task NoOrigin_IsServed_WithStarAndNoCredentials()
    {
        var (url, _) = Url("demo", "xhr");

        var r = await RawHttp.SendFromAsync(Client, "POST", url);

        SockJsAssert.StatusAndBody(r, 200, "o\n");
        Assert.Equal("*", r["Access-Control-Allow-Origin"]);
        Assert.False(r.HasHeader("Access-Control-Allow-Credentials"), r.Describe());
    }

    [Fact]
    public async Task ProtocolTestService_AllowsAnyOrigin_ButNeverCredentialsWithStar()
    {
        var evil = await RawHttp.SendFromAsync(Client, "POST", SecurityFixture.NewSession(fixture.Edge.Url + "/echo") + "/xhr", [("Origin", SecurityFixture.EvilOrigin)]);
        var star = await RawHttp.SendFromAsync(Client, "POST", SecurityFixture.NewSession(fixture.Edge.Url + "/echo") + "/xhr", [("Origin", "*")]);

        SockJsAssert.StatusAndBody(evil, 200, "o\n");
        Assert.Equal(SecurityFixture.EvilOrigin, evil["Access-Control-Allow-Origin"]);
        SockJsAssert.StatusAndBody(star, 200, "o\n");
        Assert.Equal("*", star["Access-Control-Allow-Origin"]);
        Assert.False(star.HasHeader("Access-Control-Allow-Credentials"), star.Describe());
    }

    [EdgeOnlyFact]
    public async Task Development_AllowsAnyOrigin()
    {
        // With a silo, as dotnet run starts it.
        await using var edge = await EdgeServer.StartClusterAsync("development-" + Guid.NewGuid().ToString("N")[..8], settings: new Dictionary<string, string?> { ["environment"] = "Development" });
        var session = SecurityFixture.NewSession(edge.Url + "/demo");

        var r = await RawHttp.PostAsync(session + "/xhr", null, ("Origin", SecurityFixture.EvilOrigin));
        var headers = RawWebSocket.HandshakeHeaders();
        headers.Add(("Origin", SecurityFixture.EvilOrigin));
        await using var ws = await RawWebSocket.ConnectAsync(SecurityFixture.NewSession(edge.Url + "/demo") + "/websocket", headers);

        SockJsAssert.StatusAndBody(r, 200, "o\n");
        Assert.Equal(SecurityFixture.EvilOrigin, r["Access-Control-Allow-Origin"]);
        Assert.Equal("o", await ws.ReceiveTextAsync("open frame in Development from any origin"));
    }

    private (string Url, string? SessionId) Url(string service, string route)
    {
        var baseUrl = fixture.Edge.Url + "/" + service;
        if (route == "info")
        {
            return (baseUrl + "/info", null);
        }

        var id = Guid.NewGuid().ToString("N");
        return ($"{baseUrl}/000/{id}/{route}", id);
    }

    private bool SessionExists(string service, string sessionId)
    {
        var found = fixture.Edge.App.Services.GetRequiredService<SockJsServiceRegistry>().Find($"/{service}/x", out _);
        return found!.Sessions.ContainsKey(sessionId);
    }

    private static List<(string Name, string Value)> Headers(string[] lines) =>
        [.. lines.Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 2)..]))];

    private static void AssertNoCors(RawHttpResponse r) =>
        Assert.False(r.Headers.Any(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)), $"CORS headers on a refused request:\n{r.Describe()}");
}
