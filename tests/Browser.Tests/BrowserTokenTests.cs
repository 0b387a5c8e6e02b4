namespace Realtime.Browser.Tests;

/// <summary>
/// The README's token flow end to end: the token tool signs, sockjs-client in Chromium connects to an
/// edge that allows no anonymous access, and permissions follow the token's <c>caps</c>.
/// </summary>
[Collection(RealClientsCollection.Name)]
public sealed class BrowserTokenTests(RealClientsFixture host, TokenEdgeFixture edge) : IClassFixture<TokenEdgeFixture>
{
    [Fact]
    public async Task TokenFromTool_ConnectsAsItsUser_SubscribesAndReceivesOwnPublication()
    {
        var pages = host.Pages;
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = await edge.TokenAsync("--sub", "alice", "--caps", "chat:*=subscribe,publish", "--ttl", "1h");

        var run = await RealtimeBrowserClient.RunAsync(pages, new RealtimeScenario(edge.RealtimeUrl, null,
        [
            RealtimeStep.Send("alice", "connect", new { token, name = "browser-test" }),
            RealtimeStep.Send("alice", "subscribe", new { channel = "chat:room" }),
            RealtimeStep.Send("alice", "publish", new { channel = "chat:room", data = new { text = "hi" } }),
            RealtimeStep.Await("alice", "message", "chat:room"),
        ]));

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var connected = run.Ok("alice connect");
        Assert.Equal("alice", connected.GetProperty("user").GetString());
        var client = connected.GetProperty("client").GetString();
        Assert.False(string.IsNullOrEmpty(client), $"connect gave no client id.\n{run.Describe()}");
        var expires = connected.GetProperty("expires").GetInt64();
        Assert.InRange(expires, before + 3600 - 1, after + 3600 + 1);

        var subscribed = run.Ok("alice subscribe");
        var published = run.Ok("alice publish");
        var offset = published.GetProperty("offset").GetInt64();
        Assert.Equal(subscribed.GetProperty("offset").GetInt64() + 1, offset);

        var message = run.Push("alice message push");
        Assert.Equal("chat:room", message.GetProperty("channel").GetString());
        Assert.Equal(offset, message.GetProperty("offset").GetInt64());
        Assert.Equal("hi", message.GetProperty("data").GetProperty("text").GetString());
        Assert.True(message.TryGetProperty("from", out var from), $"the message has no \"from\".\n{run.Describe()}");
        Assert.Equal("alice", from.GetProperty("user").GetString());
        Assert.Equal(client, from.GetProperty("client").GetString());
    }

    [Fact]
    public async Task TamperedToken_Gets401AndNoSubscription_TokenWithoutChatCaps_Gets403OnSubscribe()
    {
        var pages = host.Pages;
        var alice = await edge.TokenAsync("--sub", "alice", "--caps", "chat:*=subscribe,publish", "--ttl", "1h");
        var bob = await edge.TokenAsync("--sub", "bob", "--caps", "news:*=subscribe", "--ttl", "1h");
        var tampered = ChangeOneSignatureCharacter(alice);
        const string channel = "chat:lobby";

        var run = await RealtimeBrowserClient.RunAsync(pages, new RealtimeScenario(edge.RealtimeUrl, null,
        [
            RealtimeStep.Send("mallory", "connect", new { token = tampered }),
            RealtimeStep.Send("mallory", "subscribe", new { channel }),
            RealtimeStep.Send("bob", "connect", new { token = bob }),
            RealtimeStep.Send("bob", "subscribe", new { channel }),
            RealtimeStep.Send("alice", "connect", new { token = alice }),
            RealtimeStep.Send("alice", "subscribe", new { channel }),
            RealtimeStep.Send("alice", "publish", new { channel, data = new { text = "only for subscribers" } }),
            RealtimeStep.Await("alice", "message", channel),

            // A round trip on each refused socket after the publication reached alice: a push it wrongly
            // got would have been sent to it by then.
            RealtimeStep.Send("mallory", "ping", name: "mallory ping"),
            RealtimeStep.Send("bob", "ping", name: "bob ping"),
        ]));

        var refused = run.Error("mallory connect", 401);
        Assert.Contains("signature", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        run.Error("mallory subscribe", 401);
        run.Error("mallory ping", 401);
        Assert.True(run.Pushes("mallory", "message").Count == 0, $"mallory got a message without a subscription.\n{run.Describe()}");

        Assert.Equal("bob", run.Ok("bob connect").GetProperty("user").GetString());
        var forbidden = run.Error("bob subscribe", 403);
        Assert.Contains(channel, forbidden.GetProperty("message").GetString(), StringComparison.Ordinal);
        run.Ok("bob ping");
        Assert.True(run.Pushes("bob", "message").Count == 0, $"bob got a message without a subscription.\n{run.Describe()}");

        run.Ok("alice subscribe");
        Assert.Equal("alice", run.Push("alice message push").GetProperty("from").GetProperty("user").GetString());
    }

    /// <summary>The token with the first character of its signature changed (the last one may only carry padding bits).</summary>
    private static string ChangeOneSignatureCharacter(string token)
    {
        var at = token.LastIndexOf('.') + 1;
        return string.Concat(token.AsSpan(0, at), token[at] == 'A' ? "B" : "A", token.AsSpan(at + 1));
    }
}
