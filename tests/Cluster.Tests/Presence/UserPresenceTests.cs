using Realtime.Cluster.Tests.Auth;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;
using static Realtime.Cluster.Tests.Presence.PresenceTests;

namespace Realtime.Cluster.Tests.Presence;

/// <summary>Whether a user is online: <c>presence</c> of <c>$users:&lt;id&gt;</c> lists the user's connections on every edge.</summary>
[Collection(AuthCollection.Name)]
public sealed class UserPresenceTests(AuthFixture cluster)
{
    [Fact]
    public async Task UsersChannel_ListsTheUsersConnectionsOnBothEdges_UntilTheyClose()
    {
        var user = "online-" + Guid.NewGuid().ToString("N")[..8];
        await using var watcher = await Connect(cluster.B, "watcher");
        var channel = "$users:" + user;
        Assert.Equal(0, (int)(await watcher.RequestAsync("presence", r => r["channel"] = channel))["ok"]!["total"]!);

        var onA = await Connect(cluster.A, user, """{"name":"Online"}""");
        var onB = await Connect(cluster.B, user);
        var presence = (await watcher.RequestAsync("presence", r => r["channel"] = channel))["ok"]!;
        Assert.Equal(2, (int)presence["total"]!);
        Assert.Equal(1, (int)presence["users"]!);
        Assert.All(presence["members"]!.AsArray(), m => Assert.Equal(user, (string?)m!["user"]));
        Assert.Contains(presence["members"]!.AsArray(), m => (string?)m!["info"]?["name"] == "Online");

        await onA.DisposeAsync();
        await AsyncCondition.TrueAsync(
            async () => (int)(await watcher.RequestAsync("presence", r => r["channel"] = channel))["ok"]!["total"]! == 1,
            "the closed connection on edge A to leave the user's presence");
        await onB.DisposeAsync();
        await AsyncCondition.TrueAsync(
            async () => (int)(await watcher.RequestAsync("presence", r => r["channel"] = channel))["ok"]!["total"]! == 0,
            "the user to be offline once both connections closed");
    }

    [Fact]
    public async Task UsersChannel_OnlyAnswersPresence_AndNeedsThePresenceGrant()
    {
        await using var client = await Connect(cluster.A, "heidi");
        AssertError(await client.RequestAsync("subscribe", r => r["channel"] = "$users:heidi"), 400, "\"$users:heidi\" is a user presence channel");
        AssertError(await client.RequestAsync("history", r => r["channel"] = "$users:heidi"), 400, "\"$users:heidi\" is a user presence channel");
        AssertError(await client.RequestAsync("publish", r => { r["channel"] = "$users:heidi"; r["data"] = 1; }), 400, "\"$users:heidi\" is a user presence channel");
        AssertError(await client.RequestAsync("update-presence", r => { r["channel"] = "$users:heidi"; r["data"] = 1; }), 409, "not subscribed");
        Assert.Equal(1, (int)(await client.RequestAsync("presence", r => r["channel"] = "$users:heidi"))["ok"]!["total"]!);
    }
}
