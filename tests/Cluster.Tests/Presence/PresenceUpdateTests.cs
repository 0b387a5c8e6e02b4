using System.Text.Json.Nodes;
using Realtime.Cluster.Tests.Auth;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;
using static Realtime.Cluster.Tests.Presence.PresenceTests;

namespace Realtime.Cluster.Tests.Presence;

/// <summary><c>update-presence</c>: a member replaces its data; other edges see a <c>join</c> of the updated member.</summary>
[Collection(AuthCollection.Name)]
public sealed class PresenceUpdateTests(AuthFixture cluster)
{
    [Fact]
    public async Task UpdatedData_IsPushedAsAJoin_OnTheOtherEdge_AndShownByPresence()
    {
        var channel = AuthFixture.Channel("room");
        await using var ivan = await Connect(cluster.A, "ivan");
        await using var judy = await Connect(cluster.B, "judy");
        Assert.NotNull((await ivan.RequestAsync("subscribe", r => { r["channel"] = channel; r["presence"] = new JsonObject { ["status"] = "away" }; }))["ok"]);
        Assert.NotNull((await judy.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);

        Assert.NotNull((await ivan.RequestAsync("update-presence", r => { r["channel"] = channel; r["data"] = new JsonObject { ["status"] = "typing" }; }))["ok"]);
        await judy.WaitForPushesAsync(p => Joins(p, "ivan").Any(j => (string?)j["member"]?["data"]?["status"] == "typing"), "ivan's updated member, on the other edge");

        var presence = (await judy.RequestAsync("presence", r => r["channel"] = channel))["ok"]!;
        var member = presence["members"]!.AsArray().Single(m => (string?)m!["user"] == "ivan")!;
        Assert.Equal("typing", (string?)member["data"]?["status"]);
        Assert.Equal(2, (int)presence["total"]!);
    }

    [Fact]
    public async Task UpdateWithoutSubscription_OrPresence_OrData_OrWithinSize_IsRefused_AndChangesNothing()
    {
        var room = AuthFixture.Channel("room");
        await using var ken = await Connect(cluster.A, "ken", caps: "pub:*=subscribe,presence");
        AssertError(await ken.RequestAsync("update-presence", r => { r["channel"] = room; r["data"] = 1; }), 409, $"not subscribed to \"{room}\"");
        Assert.NotNull((await ken.RequestAsync("subscribe", r => { r["channel"] = room; r["presence"] = "before"; }))["ok"]);
        AssertError(await ken.RequestAsync("update-presence", r => r["channel"] = room), 400, "\"data\" is required");
        AssertError(await ken.RequestAsync("update-presence", r => { r["channel"] = 7; r["data"] = 1; }), 400, "\"channel\"");
        AssertError(await ken.RequestAsync("update-presence", r => { r["channel"] = room; r["data"] = new string('x', 70_000); }), 413, "\"data\" is over");
        AssertError(await ken.RequestAsync("update-presence", r => { r["channel"] = AuthFixture.Channel("pub"); r["data"] = 1; }), 403, "presence is off in namespace \"pub\"");
        AssertError(await ken.RequestAsync("update-presence", r => { r["channel"] = AuthFixture.Channel("nowhere"); r["data"] = 1; }), 404, "unknown channel namespace");

        var presence = (await ken.RequestAsync("presence", r => r["channel"] = room))["ok"]!;
        Assert.Equal("before", (string?)presence["members"]![0]!["data"]);
    }
}
