using System.Text.Json.Nodes;
using Realtime.Cluster.Tests.Auth;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;

namespace Realtime.Cluster.Tests.Presence;

/// <summary>Presence with identities from tokens, across two edges.</summary>
[Collection(AuthCollection.Name)]
public sealed class PresenceTests(AuthFixture cluster)
{
    [Fact]
    public async Task MembersJoinAndLeaveAcrossEdges_WithInfoFromTheTokenAndDataFromSubscribe()
    {
        var channel = AuthFixture.Channel("room");
        await using var alice = await Connect(cluster.A, "alice", """{"name":"Alice"}""");
        await using var bob = await Connect(cluster.B, "bob", """{"name":"Bob"}""");
        Assert.NotNull((await alice.RequestAsync("subscribe", r => { r["channel"] = channel; r["presence"] = new JsonObject { ["status"] = "here" }; }))["ok"]);
        await alice.WaitForPushesAsync(p => Joins(p, "alice").Any(), "alice's own join");
        Assert.NotNull((await bob.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        await alice.WaitForPushesAsync(p => Joins(p, "bob").Any(), "bob's join, on the other edge");

        var join = Joins(alice.Pushes, "bob").Single()["member"]!;
        Assert.Equal("Bob", (string?)join["info"]?["name"]);
        Assert.False(string.IsNullOrEmpty((string?)join["client"]));

        var presence = (await bob.RequestAsync("presence", r => r["channel"] = channel))["ok"]!;
        Assert.Equal(2, (int)presence["total"]!);
        Assert.Equal(2, (int)presence["users"]!);
        Assert.Null(presence["next"]);
        var aliceMember = presence["members"]!.AsArray().Single(m => (string?)m!["user"] == "alice")!;
        Assert.Equal("Alice", (string?)aliceMember["info"]?["name"]);
        Assert.Equal("here", (string?)aliceMember["data"]?["status"]);

        Assert.NotNull((await alice.RequestAsync("unsubscribe", r => r["channel"] = channel))["ok"]);
        await bob.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "leave" && (string?)m["member"]?["user"] == "alice"), "alice's leave, on the other edge");
        var after = (await bob.RequestAsync("presence", r => r["channel"] = channel))["ok"]!;
        Assert.Equal(1, (int)after["total"]!);
        Assert.Equal("bob", (string?)after["members"]![0]!["user"]);
    }

    [Fact]
    public async Task UserWithTwoConnections_AppearsOncePerConnection_AndCountsAsOneUser_LeavingWhenItsConnectionCloses()
    {
        var channel = AuthFixture.Channel("room");
        await using var carolOnA = await Connect(cluster.A, "carol");
        await using var dave = await Connect(cluster.A, "dave");
        var carolOnB = await Connect(cluster.B, "carol");
        foreach (var client in new[] { carolOnA, carolOnB, dave })
        {
            Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        }

        await AsyncCondition.TrueAsync(
            async () => (int)(await dave.RequestAsync("presence", r => r["channel"] = channel))["ok"]!["total"]! == 3,
            "all three connections to be present");
        var presence = (await dave.RequestAsync("presence", r => r["channel"] = channel))["ok"]!;
        Assert.Equal(3, (int)presence["total"]!);
        Assert.Equal(2, (int)presence["users"]!);
        Assert.Equal(2, presence["members"]!.AsArray().Count(m => (string?)m!["user"] == "carol"));

        // Closing a connection (no unsubscribe) takes its member out.
        await carolOnB.DisposeAsync();
        await dave.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "leave" && (string?)m["member"]?["user"] == "carol"), "the closed connection's leave");
        var after = (await dave.RequestAsync("presence", r => r["channel"] = channel))["ok"]!;
        Assert.Equal(2, (int)after["total"]!);
        Assert.Equal(2, (int)after["users"]!);
    }

    [Fact]
    public async Task NamespaceWithoutJoinLeave_KeepsPresenceButPushesNothing()
    {
        var channel = AuthFixture.Channel("quiet");
        await using var erin = await Connect(cluster.A, "erin");
        await using var frank = await Connect(cluster.B, "frank");
        Assert.NotNull((await erin.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        Assert.NotNull((await frank.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
        // A member joins right after its subscribe reply; the next request of its own connection sees it.
        Assert.Equal(2, (int)(await frank.RequestAsync("presence", r => r["channel"] = channel))["ok"]!["total"]!);
        Assert.NotNull((await frank.RequestAsync("ping"))["ok"]);
        Assert.DoesNotContain(erin.Pushes, m => (string?)m["push"] is "join" or "leave");
    }

    [Fact]
    public async Task PresenceOff_NotPermitted_Unknown_AndOversizedData_AreRefused()
    {
        await using var client = await Connect(cluster.A, "grace", caps: "pub:*=subscribe,presence");
        AssertError(await client.RequestAsync("presence", r => r["channel"] = AuthFixture.Channel("pub")), 403, "presence is off in namespace \"pub\"");
        AssertError(await client.RequestAsync("presence", r => r["channel"] = AuthFixture.Channel("news")), 403, "not allowed to see the presence");
        AssertError(await client.RequestAsync("presence", r => r["channel"] = AuthFixture.Channel("nowhere")), 404, "unknown channel namespace");
        AssertError(await client.RequestAsync("presence", r => { r["channel"] = AuthFixture.Channel("room"); r["cursor"] = 5; }), 400, "\"cursor\" must be a string");
        var room = AuthFixture.Channel("room");
        AssertError(await client.RequestAsync("subscribe", r => { r["channel"] = room; r["presence"] = new string('x', 70_000); }), 413, "\"presence\" is over");
        Assert.Equal(0, (int)(await client.RequestAsync("presence", r => r["channel"] = room))["ok"]!["total"]!);
        Assert.NotNull((await client.RequestAsync("subscribe", r => r["channel"] = room))["ok"]);
    }

    internal static IEnumerable<JsonObject> Joins(IEnumerable<JsonObject> pushes, string user) =>
        pushes.Where(m => (string?)m["push"] == "join" && (string?)m["member"]?["user"] == user);

    internal static async Task<RealtimeClient> Connect(EdgeServer edge, string user, string? info = null, string? caps = null)
    {
        var client = await RealtimeClient.OpenAsync(AuthFixture.Realtime(edge));
        var reply = await client.RequestAsync("connect", r => r["token"] = AuthFixture.Token(user, caps, info: info));
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
        return client;
    }
}
