using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.Edge.Tests.Protocol;
using Realtime.TestKit;

namespace Realtime.Edge.Tests.Security;

/// <summary>
/// A session id is bound to what opened it: the client address (and a JSESSIONID the client chose), then,
/// once <c>connect</c> succeeded with a token, its user. Other clients' requests on the id get 404, like an
/// unknown session, and the owner carries on untouched.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class SessionBindingTests(SecurityFixture fixture)
{
    private static readonly IPAddress Owner = IPAddress.Loopback;
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.12");
    private static readonly IPAddress Roaming = IPAddress.Parse("127.0.0.13");
    private static readonly (string, string) Form = ("Content-Type", "application/x-www-form-urlencoded");

    [Theory]
    [InlineData("POST", "xhr_send")]
    [InlineData("POST", "jsonp_send")]
    [InlineData("POST", "xhr")]
    [InlineData("POST", "xhr_streaming")]
    [InlineData("GET", "jsonp?c=cb")]
    [InlineData("GET", "htmlfile?c=cb")]
    [InlineData("GET", "eventsource")]
    public async Task AnotherAddress_OnTheSessionId_Gets404_AndTheOwnerCarriesOn(string method, string transport)
    {
        var session = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "o\n");

        var attack = await RawHttp.SendFromAsync(Attacker, method, $"{session}/{transport}", transport == "jsonp_send" ? [Form] : null, BodyFor(transport, "stolen"));

        SockJsAssert.NotFound(attack);
        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", null, "[\"mine\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "a[\"mine\"]\n");
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task AnotherAddress_CannotOpenTheSessionAfterTheOwnerLeft_WhileItLives()
    {
        var session = SecurityFixture.NewSession(fixture.Demo);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "o\n");
        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", null, "[\"queued\"]"), 204);

        // The owner is between polls; the queued message must not go to anyone else.
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Attacker, "POST", session + "/xhr"));

        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "a[\"queued\"]\n");
    }

    [Fact]
    public async Task CookieChosenByTheOpener_BindsTheSession()
    {
        var session = SecurityFixture.NewSession(fixture.Edge.Url + "/cookie_needed_echo");
        var mine = ("Cookie", "JSESSIONID=owner-cookie");
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr", [mine]), "o\n");

        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", [("Cookie", "JSESSIONID=other")], "[\"x\"]"));
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", null, "[\"x\"]"));

        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", [mine], "[\"mine\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr", [mine]), "a[\"mine\"]\n");
    }

    [Fact]
    public async Task OpenerWithoutCookie_MayComeBackWithTheDummyCookie()
    {
        var session = SecurityFixture.NewSession(fixture.Edge.Url + "/cookie_needed_echo");
        var opened = await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr");
        SockJsAssert.Body(opened, "o\n");
        SockJsAssert.JSessionIdCookie(opened);

        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", [("Cookie", "JSESSIONID=dummy")], "[\"back\"]"), 204);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr", [("Cookie", "JSESSIONID=dummy")]), "a[\"back\"]\n");
    }

    [Fact]
    public async Task AnotherUser_OnAConnectedSession_Gets404_OnXhrSendXhrAndJsonpSend()
    {
        var session = SecurityFixture.NewSession(fixture.Realtime);
        await ConnectOverXhrAsync(session, SecurityFixture.Token("alice"));
        var bob = SecurityFixture.Token("bob");

        // Same address as alice: the user, not the address, decides once a request proves one.
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Owner, "POST", $"{session}/xhr_send?access_token={bob}", null, Request(9, "ping")));
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Owner, "POST", $"{session}/xhr?access_token={bob}"));
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Owner, "POST", session + "/jsonp_send", [Form, ("Authorization", "Bearer " + bob)], "d=" + Uri.EscapeDataString(Request(9, "ping"))));

        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", null, Request(2, "ping")), 204);
        var replies = Bystander.Messages((await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr")).BodyText).ToList();
        Assert.Equal([2L], replies.Select(m => (long)m["id"]!));
        await Bystander.AssertUnharmedAsync(fixture);
    }

    [Fact]
    public async Task ConnectedUser_MayComeBackFromAnotherAddress_WithItsToken_ButNotWithout()
    {
        var session = SecurityFixture.NewSession(fixture.Realtime);
        var alice = SecurityFixture.Token("alice");
        await ConnectOverXhrAsync(session, alice);

        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Roaming, "POST", session + "/xhr_send", null, Request(2, "ping")));
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Roaming, "POST", $"{session}/xhr_send?access_token=not-a-token", null, Request(2, "ping")));

        SockJsAssert.Status(await RawHttp.SendFromAsync(Roaming, "POST", $"{session}/xhr_send?access_token={alice}", null, Request(3, "ping")), 204);
        var replies = Bystander.Messages((await RawHttp.SendFromAsync(Roaming, "POST", $"{session}/xhr?access_token={alice}")).BodyText).ToList();
        Assert.Equal([3L], replies.Select(m => (long)m["id"]!));
    }

    [Fact]
    public async Task AnonymousSession_StaysBoundToItsAddress_WhateverTokenComes()
    {
        var session = SecurityFixture.NewSession(fixture.Realtime);
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "o\n");
        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", null, Request(1, "connect")), 204);
        Assert.NotNull(Bystander.Messages((await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr")).BodyText).Single()["ok"]);

        var mallory = SecurityFixture.Token("mallory");
        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Roaming, "POST", $"{session}/xhr_send?access_token={mallory}", null, Request(2, "ping")));
    }

    [EdgeOnlyFact]
    public async Task RefusedRequests_AreLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var edge = await EdgeServer.StartAsync(configure: b => b.Logging.AddProvider(logs));
        var session = SecurityFixture.NewSession(edge.Url + "/demo");
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "o\n");

        SockJsAssert.NotFound(await RawHttp.SendFromAsync(Attacker, "POST", session + "/xhr_send", null, "[\"x\"]"));
        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", SecurityFixture.NewSession(edge.Url + "/demo") + "/xhr", [("Origin", SecurityFixture.EvilOrigin)]), 403);

        Assert.Contains(logs.Entries, e => e.EventId == 108 && e.Message.Contains("127.0.0.12", StringComparison.Ordinal) && e.Message.Contains("another client address", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.EventId == 107 && e.Message.Contains(SecurityFixture.EvilOrigin, StringComparison.Ordinal));
    }

    private static async Task ConnectOverXhrAsync(string session, string token)
    {
        SockJsAssert.Body(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr"), "o\n");
        var connect = JsonSerializer.Serialize(new[] { JsonSerializer.Serialize(new { id = 1, op = "connect", token }) });
        SockJsAssert.Status(await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr_send", null, connect), 204);
        var reply = Bystander.Messages((await RawHttp.SendFromAsync(Owner, "POST", session + "/xhr")).BodyText).Single();
        Assert.True(reply["ok"] is not null, $"connect failed: {reply.ToJsonString()}");
    }

    private static string Request(int id, string op) => JsonSerializer.Serialize(new[] { $"{{\"id\":{id},\"op\":\"{op}\"}}" });

    private static string? BodyFor(string transport, string text) => transport switch
    {
        "xhr_send" => $"[\"{text}\"]",
        "jsonp_send" => "d=" + Uri.EscapeDataString($"[\"{text}\"]"),
        _ => null,
    };
}
