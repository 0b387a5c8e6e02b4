using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Api.ApiFixture;

namespace Realtime.Cluster.Tests.Api;

/// <summary><c>POST /api/disconnect</c> and <c>/api/unsubscribe</c> act on a user's connections on every edge.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiUserActionTests(ApiFixture cluster)
{
    [Fact]
    public async Task Disconnect_EndsTheUsersConnectionsOnBothEdges_AndNoOneElses()
    {
        var user = NewUser("kicked");
        await using var onA = await ConnectAsync(cluster.A, user);
        await using var onB = await ConnectAsync(cluster.B, user);
        await using var other = await ConnectAsync(cluster.A, NewUser("stays"));
        using var api = new ApiClient(cluster.B);

        var result = (await api.PostAsync("/api/disconnect", new JsonObject { ["user"] = user })).Ok();

        Assert.Equal(2, (int)result["connections"]!);
        foreach (var client in new[] { onA, onB })
        {
            var (code, reason) = await Eventually.WithinAsync(client.Closed, "the user's connection to close");
            Assert.Equal(3002, code);
            Assert.Equal("kicked by the server", reason);
            var push = Assert.Single(client.Pushes, p => (string?)p["push"] == "disconnect");
            Assert.Equal(3002, (int)push["code"]!);
            Assert.False((bool)push["reconnect"]!);
        }

        Assert.NotNull((await other.RequestAsync("ping"))["ok"]);
        Assert.False(other.Closed.IsCompleted, "another user's connection was closed");
    }

    [Fact]
    public async Task Disconnect_TakesACodeAReasonAndReconnect()
    {
        var user = NewUser("moved");
        await using var client = await ConnectAsync(cluster.A, user);
        using var api = new ApiClient(cluster.A, NewKey);

        var body = new JsonObject { ["user"] = user, ["code"] = 4001, ["reason"] = "moved to another shard", ["reconnect"] = true };
        Assert.Equal(1, (int)(await api.PostAsync("/api/disconnect", body)).Ok()["connections"]!);

        Assert.Equal((4001, "moved to another shard"), await Eventually.WithinAsync(client.Closed, "the connection to close with the given code"));
        Assert.True((bool)Assert.Single(client.Pushes, p => (string?)p["push"] == "disconnect")["reconnect"]!);
    }

    [Fact]
    public async Task Disconnect_OfAUserWithoutConnections_EndsNone_AndABadCodeIs400()
    {
        using var api = new ApiClient(cluster.A);
        Assert.Equal(0, (int)(await api.PostAsync("/api/disconnect", new JsonObject { ["user"] = NewUser("nobody") })).Ok()["connections"]!);
        (await api.PostAsync("/api/disconnect", new JsonObject { ["user"] = "x", ["code"] = 1000 })).AssertError(400, "\"code\" must be 3000 to 4999");
        (await api.PostAsync("/api/disconnect", new JsonObject { ["user"] = "" })).AssertError(400, "\"user\" is empty");
        (await api.PostAsync("/api/disconnect", new JsonObject { ["user"] = "x", ["reason"] = new string('r', 124) })).AssertError(400, "\"reason\" is over 123 bytes");
    }

    [Fact]
    public async Task Unsubscribe_StopsDeliveryToTheUserOnBothEdges_AndNoOneElse()
    {
        var user = NewUser("unsub");
        var channel = Channel("chat");
        await using var onA = await ConnectAsync(cluster.A, user);
        await using var onB = await ConnectAsync(cluster.B, user);
        await using var otherA = await ConnectAsync(cluster.A, NewUser("keeps"));
        await using var otherB = await ConnectAsync(cluster.B);
        foreach (var client in new[] { onA, onB, otherA, otherB })
        {
            await SubscribeAsync(client, channel);
        }

        using var api = new ApiClient(cluster.A);
        var result = (await api.PostAsync("/api/unsubscribe", new JsonObject { ["user"] = user, ["channel"] = channel })).Ok();
        Assert.Equal(2, (int)result["connections"]!);

        foreach (var client in new[] { onA, onB })
        {
            await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "unsubscribed"), "the unsubscribed push");
            var push = Assert.Single(client.Pushes, p => (string?)p["push"] == "unsubscribed");
            Assert.Equal(channel, (string?)push["channel"]);
            Assert.Equal(3002, (int)push["code"]!);
        }

        var published = (await api.PostAsync("/api/publish", new JsonObject { ["channel"] = channel, ["data"] = "after" })).Ok();
        Assert.Equal(1, (long)published["offset"]!);
        await otherA.WaitForPushesAsync(_ => Messages(otherA, channel).Count == 1, "the publication on edge A");
        await otherB.WaitForPushesAsync(_ => Messages(otherB, channel).Count == 1, "the publication on edge B");

        // A push the edge sent before a reply is received before it: once the other subscriber on the same
        // edge has the publication, a ping's reply proves whether it was sent to the unsubscribed client too.
        foreach (var client in new[] { onA, onB })
        {
            Assert.NotNull((await client.RequestAsync("ping"))["ok"]);
            Assert.Empty(Messages(client, channel));
            AssertConflict(await client.RequestAsync("unsubscribe", r => r["channel"] = channel));
        }
    }

    [Fact]
    public async Task Unsubscribe_ChecksTheChannel()
    {
        using var api = new ApiClient(cluster.A);
        (await api.PostAsync("/api/unsubscribe", new JsonObject { ["user"] = "x", ["channel"] = "nowhere:x" })).AssertError(404, "unknown channel namespace \"nowhere\"");
        (await api.PostAsync("/api/unsubscribe", new JsonObject { ["user"] = "x" })).AssertError(400, "\"channel\" is required");
        Assert.Equal(0, (int)(await api.PostAsync("/api/unsubscribe", new JsonObject { ["user"] = NewUser("none"), ["channel"] = Channel("chat") })).Ok()["connections"]!);
    }

    private static void AssertConflict(JsonObject reply) => Assert.Equal(409, (int)reply["error"]!["code"]!);
}
