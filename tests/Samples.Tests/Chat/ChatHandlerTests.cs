using System.Text.Json.Nodes;

namespace Realtime.Samples.Tests.Chat;

/// <summary>
/// The sample's <c>ChatHandler</c> through the client protocol, on the two sample hosts: what a member may
/// join with, what gets published (and stamped), what is refused, and what <c>chat:whois</c> answers.
/// </summary>
[Collection(ChatCollection.Name)]
public sealed class ChatHandlerTests(ChatCluster cluster)
{
    [Fact]
    public async Task Message_IsStampedWithTheMembersNameAndServerTime_WhateverTheClientClaims()
    {
        var room = Room();
        await using var alice = await JoinAsync(cluster.A, room, "alice");
        await using var bob = await JoinAsync(cluster.B, room, "bob");

        var before = DateTimeOffset.UtcNow;
        var published = await alice.RequestAsync("publish", r =>
        {
            r["channel"] = "chat:" + room;
            r["data"] = new JsonObject { ["text"] = "  hello  ", ["name"] = "mallory", ["time"] = "1999-01-01T00:00:00.000Z" };
        });
        Assert.True(published["ok"] is not null, published.ToJsonString());

        await bob.WaitForPushesAsync(p => p.Any(IsMessage), "alice's message on the other edge");
        var data = bob.Pushes.Single(IsMessage)["data"]!;
        Assert.Equal("hello", (string?)data["text"]);
        Assert.Equal("alice", (string?)data["name"]);
        var time = DateTimeOffset.Parse((string)data["time"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Theory]
    [InlineData("BADWORD")]
    [InlineData("this is a badword!")]
    [InlineData("(badword)")]
    public async Task BannedWord_Is403_AndNothingIsPublished(string text)
    {
        var room = Room();
        await using var alice = await JoinAsync(cluster.A, room, "alice");
        await using var bob = await JoinAsync(cluster.B, room, "bob");

        var refused = await alice.RequestAsync("publish", r => { r["channel"] = "chat:" + room; r["data"] = new JsonObject { ["text"] = text }; });
        Assert.Equal(403, (int?)refused["error"]?["code"]);
        Assert.Contains("banned word", (string?)refused["error"]?["message"], StringComparison.Ordinal);

        // The next message is offset 1: the refused one never reached the channel.
        var accepted = await alice.RequestAsync("publish", r => { r["channel"] = "chat:" + room; r["data"] = new JsonObject { ["text"] = "badwords are fine as a longer word" }; });
        Assert.Equal(1, (long?)accepted["ok"]?["offset"]);
        await bob.WaitForPushesAsync(p => p.Any(IsMessage), "the accepted message");
        Assert.Equal([1L], bob.Pushes.Where(IsMessage).Select(m => (long)m["offset"]!));
    }

    [Theory]
    [InlineData(null, 400, "name")]
    [InlineData("{\"name\":\"   \"}", 400, "name")]
    [InlineData("{\"name\":\"a-name-that-is-far-too-long-for-this-chat\"}", 400, "at most 32")]
    [InlineData("{\"name\":\"BadWord\"}", 403, "not allowed")]
    public async Task Join_WithoutAnAcceptableName_IsRefused(string? presence, int code, string messagePart)
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.A.Url + "/realtime");
        var reply = await client.RequestAsync("subscribe", r =>
        {
            r["channel"] = "chat:" + Room();
            if (presence is not null)
            {
                r["presence"] = JsonNode.Parse(presence);
            }
        });

        Assert.Equal(code, (int?)reply["error"]?["code"]);
        Assert.Contains(messagePart, (string?)reply["error"]?["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"just text\"", 400)]
    [InlineData("{\"text\":\"\"}", 400)]
    [InlineData("{\"text\":42}", 400)]
    public async Task Message_ThatIsNotText_Is400(string data, int code)
    {
        var room = Room();
        await using var alice = await JoinAsync(cluster.A, room, "alice");
        var reply = await alice.RequestAsync("publish", r => { r["channel"] = "chat:" + room; r["data"] = JsonNode.Parse(data); });
        Assert.Equal(code, (int?)reply["error"]?["code"]);
    }

    [Fact]
    public async Task Message_FromAClientNotInTheRoom_Is403()
    {
        var room = Room();
        await using var member = await JoinAsync(cluster.A, room, "alice");
        await using var stranger = await RealtimeClient.ConnectAsync(cluster.B.Url + "/realtime");

        var reply = await stranger.RequestAsync("publish", r => { r["channel"] = "chat:" + room; r["data"] = new JsonObject { ["text"] = "hi" }; });
        Assert.Equal(403, (int?)reply["error"]?["code"]);
        Assert.Contains("join the room", (string?)reply["error"]?["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whois_ListsTheRoomAcrossEdges_AndTellsWhereAMemberIs()
    {
        var room = Room();
        await using var alice = await JoinAsync(cluster.A, room, "alice");
        await using var bob = await JoinAsync(cluster.B, room, "bob");
        await using var bobAgain = await JoinAsync(cluster.A, room, "bob");

        var everyone = await bob.RequestAsync("rpc", r => { r["method"] = "chat:whois"; r["data"] = new JsonObject { ["room"] = room }; });
        var members = everyone["ok"]?["data"]?["members"]?.AsArray().Select(m => ((string?)m!["name"], (int?)m["connections"])).ToList();
        Assert.Equal([("alice", 1), ("bob", 2)], members);

        var who = await alice.RequestAsync("rpc", r => { r["method"] = "chat:whois"; r["data"] = new JsonObject { ["room"] = "chat:" + room, ["name"] = "bob" }; });
        var data = who["ok"]?["data"];
        Assert.True((bool?)data?["present"], who.ToJsonString());
        var clients = data!["connections"]!.AsArray().Select(c => (string?)c!["client"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { bob.ClientId, bobAgain.ClientId }.Order(StringComparer.Ordinal), clients);
        Assert.Equal(2, data["connections"]!.AsArray().Select(c => (string?)c!["edge"]).Distinct().Count());

        var nobody = await alice.RequestAsync("rpc", r => { r["method"] = "chat:whois"; r["data"] = new JsonObject { ["room"] = room, ["name"] = "carol" }; });
        Assert.False((bool?)nobody["ok"]?["data"]?["present"], nobody.ToJsonString());
    }

    [Theory]
    [InlineData("chat:whois", null, 400)]
    [InlineData("chat:whois", "{\"room\":\"no spaces\"}", 400)]
    [InlineData("chat:whois", "{\"name\":\"alice\"}", 400)]
    [InlineData("chat:kick", "{\"room\":\"lobby\"}", 404)]
    public async Task Rpc_BadOrUnknown_IsRefused(string method, string? data, int code)
    {
        await using var client = await RealtimeClient.ConnectAsync(cluster.B.Url + "/realtime");
        var reply = await client.RequestAsync("rpc", r =>
        {
            r["method"] = method;
            if (data is not null)
            {
                r["data"] = JsonNode.Parse(data);
            }
        });
        Assert.Equal(code, (int?)reply["error"]?["code"]);
    }

    private static string Room() => "room-" + Guid.NewGuid().ToString("N")[..8];

    private static bool IsMessage(JsonObject push) => (string?)push["push"] == "message";

    private static async Task<RealtimeClient> JoinAsync(EdgeServer edge, string room, string name)
    {
        var client = await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
        var reply = await client.RequestAsync("subscribe", r => { r["channel"] = "chat:" + room; r["presence"] = new JsonObject { ["name"] = name }; });
        Assert.True(reply["ok"] is not null, $"{name} could not join {room}: {reply.ToJsonString()}");
        return client;
    }
}
