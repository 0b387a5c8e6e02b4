using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;

namespace Realtime.Cluster.Tests.Auth;

/// <summary>Namespaces, caps, private channels and limits, enforced over the wire on either edge.</summary>
[Collection(AuthCollection.Name)]
public sealed class ChannelAccessTests(AuthFixture cluster)
{
    [Fact]
    public async Task UnknownNamespace_Is404_ForSubscribeAndPublish()
    {
        await using var client = await Connect(cluster.A, AuthFixture.Token("alice", "*=subscribe,publish"));
        var channel = AuthFixture.Channel("nowhere");
        AssertError(await client.RequestAsync("subscribe", r => r["channel"] = channel), 404, "unknown channel namespace \"nowhere\"");
        AssertError(await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 1; }), 404, "unknown channel namespace");
        AssertError(await client.RequestAsync("subscribe", r => r["channel"] = "no-namespace-at-all"), 404, "unknown channel namespace \"default\"");
    }

    [Fact]
    public async Task Caps_GrantOnlyTheirOps_OnlyOnMatchingChannels()
    {
        var room = AuthFixture.Channel("pub");
        await using var reader = await Connect(cluster.A, AuthFixture.Token("reader", "pub:*=subscribe"));
        await using var writer = await Connect(cluster.B, AuthFixture.Token("writer", "pub:*=publish"));
        await using var lookalike = await Connect(cluster.B, AuthFixture.Token("lookalike", "pu:*=subscribe,publish;pubroom:*=subscribe,publish"));

        Assert.NotNull((await reader.RequestAsync("subscribe", r => r["channel"] = room))["ok"]);
        AssertError(await reader.RequestAsync("publish", r => { r["channel"] = room; r["data"] = 1; }), 403, $"not allowed to publish to \"{room}\"");
        AssertError(await writer.RequestAsync("subscribe", r => r["channel"] = room), 403, $"not allowed to subscribe to \"{room}\"");
        AssertError(await lookalike.RequestAsync("subscribe", r => r["channel"] = room), 403, "not allowed to subscribe");
        AssertError(await lookalike.RequestAsync("publish", r => { r["channel"] = room; r["data"] = 1; }), 403, "not allowed to publish");

        var published = await writer.RequestAsync("publish", r => { r["channel"] = room; r["data"] = "from B"; });
        Assert.Equal(1, (long)published["ok"]!["offset"]!);
        await reader.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message" && (string)m["data"]! == "from B"), "the permitted publication across edges");
        Assert.Equal("writer", (string?)reader.Pushes.Single(m => (string?)m["push"] == "message")["from"]?["user"]);
        Assert.Single(reader.Pushes);
    }

    [Fact]
    public async Task NamespaceDefaults_AndClientPublishOff_ApplyWhateverTheCaps()
    {
        var channel = AuthFixture.Channel("news");
        await using var anyone = await Connect(cluster.A, AuthFixture.Token("anyone"));
        await using var mighty = await Connect(cluster.B, AuthFixture.Token("mighty", "*=subscribe,publish,presence,history"));
        Assert.NotNull((await anyone.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        AssertError(await mighty.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 1; }), 403, "not allowed to publish");
    }

    [Fact]
    public async Task PrivateChannel_NeedsASubscriptionTokenForThisUserAndChannel()
    {
        var channel = AuthFixture.Channel("priv");
        await using var alice = await Connect(cluster.B, AuthFixture.Token("alice", "*=subscribe,publish"));
        AssertError(await Subscribe(alice, channel, null), 403, $"\"{channel}\" is private: a subscription token is required");
        AssertError(await Subscribe(alice, channel, AuthFixture.Token("bob", channel: channel)), 403, "subscription token is for another user");
        AssertError(await Subscribe(alice, channel, AuthFixture.Token("alice", channel: AuthFixture.Channel("priv"))), 403, "subscription token is for another channel");
        AssertError(await Subscribe(alice, channel, AuthFixture.Token("alice")), 403, "subscription token is for another channel");
        AssertError(await Subscribe(alice, channel, AuthFixture.Token("alice", channel: channel, ttl: "1h", now: DateTimeOffset.UtcNow.AddHours(-2))), 403, "token expired");
        AssertError(await Subscribe(alice, channel, AuthFixture.Token("alice", channel: channel, secret: "a-different-secret-that-is-also-long-enough")), 403, "token signature invalid");
        AssertError(await alice.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = 1; }), 403, "not allowed to publish");

        Assert.NotNull((await Subscribe(alice, channel, AuthFixture.Token("alice", "publish", channel: channel)))["ok"]);
        Assert.NotNull((await alice.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "members only"; }))["ok"]);
        await alice.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message"), "the private channel's message");
    }

    [Fact]
    public async Task MaxSubscribers_HoldsAcrossEdges()
    {
        var channel = AuthFixture.Channel("limited");
        await using var first = await Connect(cluster.A, AuthFixture.Token("u1"));
        await using var second = await Connect(cluster.B, AuthFixture.Token("u2"));
        await using var third = await Connect(cluster.A, AuthFixture.Token("u3"));
        Assert.NotNull((await first.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        Assert.NotNull((await second.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        AssertError(await third.RequestAsync("subscribe", r => r["channel"] = channel), 403, $"\"{channel}\" has its maximum of {AuthFixture.MaxSubscribers} subscribers");

        Assert.NotNull((await second.RequestAsync("unsubscribe", r => r["channel"] = channel))["ok"]);
        await AsyncCondition.TrueAsync(
            async () => (await third.RequestAsync("subscribe", r => r["channel"] = channel))["ok"] is not null,
            "the third subscriber to get in once the second left");
    }

    [Fact]
    public async Task NamespaceMessageLimit_Is413_AtOneByteOver()
    {
        var channel = AuthFixture.Channel("small");
        await using var client = await Connect(cluster.A, AuthFixture.Token("alice"));
        var fits = new string('x', AuthFixture.SmallMessageBytes - 2);
        Assert.NotNull((await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = fits; }))["ok"]);
        AssertError(await client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = fits + "x"; }), 413, $"\"data\" is over {AuthFixture.SmallMessageBytes} bytes");
    }

    [Fact]
    public async Task PublishRate_IsLimitedPerConnection_With429()
    {
        var channel = AuthFixture.Channel("pub");
        await using var fast = await Connect(cluster.A, AuthFixture.Token("fast", "pub:*=publish"));
        await using var calm = await Connect(cluster.A, AuthFixture.Token("fast", "pub:*=publish"));
        var replies = new List<JsonObject>();
        for (var i = 0; i <= AuthFixture.PublishBurst; i++)
        {
            replies.Add(await fast.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = i; }));
        }

        Assert.All(replies.Take(AuthFixture.PublishBurst), r => Assert.NotNull(r["ok"]));
        AssertError(replies[^1], 429, "over 0.5 publishes per second");
        Assert.NotNull((await calm.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "other connection"; }))["ok"]);
    }

    [Fact]
    public async Task SameChecks_ThroughXhrPollingSpreadOverBothEdges()
    {
        await using var client = await PollingClient.OpenAsync(AuthFixture.Realtime(cluster.A), AuthFixture.Realtime(cluster.B));
        AssertError(await client.RequestAsync("subscribe", r => r["channel"] = AuthFixture.Channel("news")), 401, "send connect first");
        AssertError(await client.RequestAsync("connect", r => r["token"] = BadToken("forged")), 401, "token signature invalid");
        AssertError(await client.RequestAsync("connect"), 401, "a token is required");
        Assert.Equal("alice", (string?)(await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token("alice", "pub:*=subscribe")))["ok"]?["user"]);

        AssertError(await client.RequestAsync("subscribe", r => r["channel"] = AuthFixture.Channel("nowhere")), 404, "unknown channel namespace");
        AssertError(await client.RequestAsync("publish", r => { r["channel"] = AuthFixture.Channel("news"); r["data"] = 1; }), 403, "not allowed to publish");
        AssertError(await client.RequestAsync("publish", r => { r["channel"] = AuthFixture.Channel("pub"); r["data"] = 1; }), 403, "not allowed to publish");
        var priv = AuthFixture.Channel("priv");
        AssertError(await client.RequestAsync("subscribe", r => { r["channel"] = priv; r["token"] = AuthFixture.Token("bob", channel: priv); }), 403, "subscription token is for another user");
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = AuthFixture.Channel("pub")))["ok"]);
    }

    private static async Task<RealtimeClient> Connect(EdgeServer edge, string token)
    {
        var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(edge));
        var reply = await client.RequestAsync("connect", r => r["token"] = token);
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
        return client;
    }

    private static Task<JsonObject> Subscribe(RealtimeClient client, string channel, string? token) =>
        client.RequestAsync("subscribe", r =>
        {
            r["channel"] = channel;
            if (token is not null)
            {
                r["token"] = token;
            }
        });
}
