using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Auth;

/// <summary>connect, refresh and a token's lifetime, over the wire on a production-like cluster.</summary>
[Collection(AuthCollection.Name)]
public sealed class ConnectionTokenTests(AuthFixture cluster)
{
    [Fact]
    public async Task ValidToken_ConnectsAsItsUser_WithItsExpiry()
    {
        await using var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.A));
        var before = DateTimeOffset.UtcNow;
        var reply = await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token("alice", ttl: "1h"));
        Assert.Equal("alice", (string?)reply["ok"]?["user"]);
        Assert.InRange((long)reply["ok"]!["expires"]!, before.AddHours(1).ToUnixTimeSeconds() - 1, before.AddHours(1).ToUnixTimeSeconds() + 5);
    }

    [Theory]
    [InlineData("missing", "a token is required")]
    [InlineData("forged", "token signature invalid")]
    [InlineData("expired", "token expired")]
    [InlineData("not-yet-valid", "token not yet valid")]
    [InlineData("malformed", "token malformed")]
    [InlineData("subscription", "a subscription token cannot be used to connect")]
    public async Task BadOrMissingToken_Is401_AndLeavesTheClientUnconnected(string kind, string reason)
    {
        await using var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.A));
        var reply = await client.RequestAsync("connect", r =>
        {
            if (kind != "missing")
            {
                r["token"] = BadToken(kind);
            }
        });
        AssertError(reply, 401, reason);

        var subscribe = await client.RequestAsync("subscribe", r => r["channel"] = AuthFixture.Channel("news"));
        AssertError(subscribe, 401, "send connect first");

        // The client may try again with a good token on the same session.
        var retry = await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token("alice"));
        Assert.Equal("alice", (string?)retry["ok"]?["user"]);
    }

    [Fact]
    public async Task TokenNotRefreshed_GetsRefreshRequired_ThenClose3001_AtExpiry()
    {
        await using var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.B));
        var reply = await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token("alice", ttl: "4s"));
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)reply["ok"]!["expires"]!);

        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "refresh-required"), "the refresh-required push", TimeSpan.FromSeconds(10));
        var (code, closeReason) = await Eventually.WithinAsync(client.Closed, "the close at token expiry", TimeSpan.FromSeconds(15));
        var closedAt = DateTimeOffset.UtcNow;
        Assert.Equal(3001, code);
        Assert.Equal("token expired", closeReason);
        var disconnect = client.Pushes.Single(m => (string?)m["push"] == "disconnect");
        Assert.Equal(3001, (int)disconnect["code"]!);
        Assert.False((bool)disconnect["reconnect"]!);
        Assert.True(closedAt >= expires.AddMilliseconds(-50), $"closed at {closedAt:O}, before the token's exp {expires:O}");
        Assert.True(closedAt <= expires.AddSeconds(5), $"closed at {closedAt:O}, long after the token's exp {expires:O}");
    }

    [Fact]
    public async Task Refresh_KeepsTheConnection_AndANarrowerTokenEndsSubscriptionsAtOnce()
    {
        var a = AuthFixture.Channel("pub");
        var b = AuthFixture.Channel("pub");
        await using var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.A));
        var connected = await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token("alice", "pub:*=subscribe,publish", ttl: "3s"));
        var oldExpiry = DateTimeOffset.FromUnixTimeSeconds((long)connected["ok"]!["expires"]!);
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = a))["ok"]);
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = b))["ok"]);

        var refreshed = await client.RequestAsync("refresh", r => r["token"] = AuthFixture.Token("alice", $"{a}=subscribe,publish", ttl: "1h"));
        Assert.True((long)refreshed["ok"]!["expires"]! > DateTimeOffset.UtcNow.AddMinutes(50).ToUnixTimeSeconds(), refreshed.ToJsonString());

        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "unsubscribed" && (string?)m["channel"] == b), $"the unsubscribed push for {b}");
        var ended = client.Pushes.Single(m => (string?)m["push"] == "unsubscribed");
        Assert.Equal(403, (int)ended["code"]!);
        AssertError(await client.RequestAsync("publish", r => { r["channel"] = b; r["data"] = 1; }), 403, "not allowed to publish");
        AssertError(await client.RequestAsync("unsubscribe", r => r["channel"] = b), 409, "not subscribed");

        // Still subscribed to a: its messages arrive, and the old token's expiry no longer closes the connection.
        Assert.NotNull((await client.RequestAsync("publish", r => { r["channel"] = a; r["data"] = "after refresh"; }))["ok"]);
        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message" && (string?)m["channel"] == a), $"the message on {a}");
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow > oldExpiry.AddSeconds(1), "the old token's expiry to pass");
        Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
        Assert.False(client.Closed.IsCompleted, "the connection closed at the old token's expiry although it was refreshed");
        Assert.DoesNotContain(client.Pushes, m => (string?)m["push"] == "disconnect");
    }

    [Fact]
    public async Task Refresh_WithABadTokenOrAnotherUsersToken_Is401_AndChangesNothing()
    {
        var channel = AuthFixture.Channel("pub");
        await using var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.A));
        await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token("alice", "pub:*=subscribe"));
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);

        AssertError(await client.RequestAsync("refresh", r => r["token"] = AuthFixture.Token("mallory", "pub:*=subscribe")), 401, "the new token is for another user");
        AssertError(await client.RequestAsync("refresh", r => r["token"] = BadToken("forged")), 401, "token signature invalid");
        AssertError(await client.RequestAsync("refresh"), 400, "\"token\" must be a string");
        AssertError(await client.RequestAsync("subscribe", r => r["channel"] = channel), 409, "already subscribed");
    }

    [Fact]
    public async Task MaxConnectionsPerUser_HoldsAcrossEdges_AndFreesUpWhenOneCloses()
    {
        var user = "crowd-" + Guid.NewGuid().ToString("N")[..6];
        var clients = new List<RealtimeClient>();
        try
        {
            foreach (var edge in new[] { cluster.A, cluster.B, cluster.A })
            {
                var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(edge));
                clients.Add(client);
                Assert.NotNull((await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token(user)))["ok"]);
            }

            var extra = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.B));
            clients.Add(extra);
            var connecting = extra.RequestAsync("connect", r => r["token"] = AuthFixture.Token(user), TimeSpan.FromSeconds(30));
            await Eventually.WithinAsync(Task.WhenAny(connecting, extra.Closed), "the fourth connection of the user to be answered or closed");
            if (connecting.IsCompletedSuccessfully)
            {
                var counted = await cluster.A.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(user).GetConnectionsAsync();
                Assert.Fail($"the fourth connection of the user was accepted ({(await connecting).ToJsonString()}); the user grain counts [{string.Join(", ", counted)}]");
            }

            var (code, _) = await Eventually.WithinAsync(extra.Closed, "the fourth connection of the user to be closed");
            Assert.Equal(3005, code);
            await extra.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "disconnect" && (int?)m["code"] == 3005), "the disconnect push with 3005");

            // Another user is not affected.
            await using (var other = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.B)))
            {
                Assert.NotNull((await other.RequestAsync("connect", r => r["token"] = AuthFixture.Token("someone-else")))["ok"]);
            }

            await clients[0].DisposeAsync();
            clients.RemoveAt(0);
            await AsyncCondition.TrueAsync(
                async () =>
                {
                    await using var again = await RealtimeClient.OpenAsync(AuthFixture.Realtime(cluster.B));
                    var reply = await again.RequestAsync("connect", r => r["token"] = AuthFixture.Token(user));
                    return reply["ok"] is not null;
                },
                "a connection to be accepted again once one of the user's three closed");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    internal static void AssertError(JsonObject reply, int code, string messageStart)
    {
        var error = reply["error"] ?? throw new Xunit.Sdk.XunitException("expected an error, got " + reply.ToJsonString());
        Assert.Equal(code, (int)error["code"]!);
        Assert.StartsWith(messageStart, (string)error["message"]!, StringComparison.Ordinal);
    }

    internal static string BadToken(string kind) => kind switch
    {
        "forged" => AuthFixture.Token("alice", secret: "a-different-secret-that-is-also-long-enough"),
        "expired" => AuthFixture.Token("alice", ttl: "1h", now: DateTimeOffset.UtcNow.AddHours(-2)),
        "not-yet-valid" => AuthFixture.Token("alice", now: DateTimeOffset.UtcNow.AddHours(1)),
        "malformed" => "eyJhbGciOi.not-base64!.x",
        "subscription" => AuthFixture.Token("alice", channel: "priv:x"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
