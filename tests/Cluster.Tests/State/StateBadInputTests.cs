using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;
using static Realtime.Cluster.Tests.State.StateOps;

namespace Realtime.Cluster.Tests.State;

/// <summary>
/// Keyed-state requests that are malformed, oversized, unauthorised, out of order or aimed at a namespace
/// without state: each gets its precise error, nothing changes, and a subscriber of the channel sees nothing.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class StateBadInputTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task StateOps_OnANamespaceWithoutState_Are400_AndItsSubscribeReplyHasNoState()
    {
        var channel = TwoEdgeFixture.NewChannel("hist");
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        const string message = "namespace \"hist\" keeps no state";
        AssertError(await Set(client, channel, "k", 1), 400, message);
        AssertError(await Patch(client, channel, "k", new JsonObject { ["a"] = 1 }), 400, message);
        AssertError(await Delete(client, channel, "k"), 400, message);
        AssertError(await Read(client, channel), 400, message);
        AssertError(await Set(client, "$users:alice", "k", 1), 400, "\"$users:alice\" is a user presence channel");

        var subscribed = Ok(await client.RequestAsync("subscribe", r => r["channel"] = channel));
        Assert.Null(subscribed["state"]);
        Assert.Equal(0, (long)subscribed["offset"]!);
    }

    [Fact]
    public async Task MalformedWrites_Are400_OversizedOnes413_AndNeitherTakesAnOffset()
    {
        var channel = TwoEdgeFixture.NewChannel("state");
        await using var watcher = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        Ok(await watcher.RequestAsync("subscribe", r => r["channel"] = channel));
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));

        AssertError(await client.RequestAsync("set", r => { r["channel"] = channel; r["value"] = 1; }), 400, "\"key\" is required");
        AssertError(await Set(client, channel, "", 1), 400, "\"key\" must not be empty");
        AssertError(await client.RequestAsync("set", r => { r["channel"] = channel; r["key"] = 5; r["value"] = 1; }), 400, "\"key\" must be a string");
        AssertError(await Set(client, channel, new string('k', 256), 1), 400, "\"key\" is longer than 255 characters");
        AssertError(await client.RequestAsync("set", r => { r["channel"] = channel; r["key"] = "k"; }), 400, "\"value\" is required");
        AssertError(await client.RequestAsync("patch", r => { r["channel"] = channel; r["key"] = "k"; r["value"] = 1; }), 400, "\"patch\" is required");
        AssertError(await client.RequestAsync("set", r => { r["key"] = "k"; r["value"] = 1; }), 400, "\"channel\" must be a string");
        foreach (var version in new JsonNode?[] { "3", -1, 1.5, new JsonArray() })
        {
            AssertError(await Set(client, channel, "k", 1, r => r["ifVersion"] = version?.DeepClone()), 400, "\"ifVersion\" must be an integer >= 0");
        }

        foreach (var ttl in new JsonNode?[] { -1, 0, "5", 1e10, true })
        {
            AssertError(await Set(client, channel, "k", 1, r => r["ttl"] = ttl?.DeepClone()), 400, "\"ttl\" must be a number of seconds above 0");
        }

        AssertError(await Delete(client, channel, "k", r => r["ttl"] = 5), 400, "\"ttl\" does not apply to delete");
        AssertError(await Set(client, channel, "k", 1, r => r["idempotencyKey"] = 5), 400, "\"idempotencyKey\" must be a string");
        AssertError(await Set(client, channel, "k", 1, r => r["idempotencyKey"] = ""), 400, "\"idempotencyKey\" must be 1 to 128 characters");
        AssertError(await Set(client, channel, "k", 1, r => r["idempotencyKey"] = new string('i', 129)), 400, "\"idempotencyKey\" must be 1 to 128 characters");
        AssertError(await client.RequestAsync("state", r => { r["channel"] = channel; r["cursor"] = 5; }), 400, "\"cursor\" must be a string");

        // Too big as sent, and too big once patched.
        var big = new string('v', TwoEdgeFixture.StateMaxValueBytes);
        AssertError(await Set(client, channel, "k", big), 413, $"\"value\" is over {TwoEdgeFixture.StateMaxValueBytes} bytes");
        AssertError(await Patch(client, channel, "k", new JsonObject { ["text"] = big }), 413, "\"patch\" is over");
        Ok(await Set(client, channel, "k", new JsonObject { ["a"] = new string('a', 150) }));
        AssertError(await Patch(client, channel, "k", new JsonObject { ["b"] = new string('b', 150) }), 413, "the patched value of \"k\" is over");

        // A patch whose members repeat cannot be merged: refused, not half applied.
        await client.SendRawAsync($$$"""{"id":900,"op":"patch","channel":"{{{channel}}}","key":"k","patch":{"a":1,"a":2}}""");
        await client.WaitForPushesAsync(p => p.Any(m => (long?)m["id"] == 900), "the reply to a patch with a repeated member");
        AssertError(client.Pushes.Single(m => (long?)m["id"] == 900), 400, "\"patch\" cannot be applied");

        // A key that is not Unicode (a lone surrogate) could never be named again.
        await client.SendRawAsync($$$"""{"id":901,"op":"set","channel":"{{{channel}}}","key":"\ud800","value":1}""");
        await client.WaitForPushesAsync(p => p.Any(m => (long?)m["id"] == 901), "the reply to a set with a lone surrogate key");
        AssertError(client.Pushes.Single(m => (long?)m["id"] == 901), 400, "\"key\" is not valid Unicode");

        // Only the one valid write reached the subscriber; the next one follows it directly.
        Ok(await Set(client, channel, "k", "after"));
        await watcher.WaitForPushesAsync(p => StatePushes(p, channel).Count() >= 2, "the two valid writes");
        Assert.Equal([1L, 2], StatePushes(watcher.Pushes, channel).Select(p => (long)p["offset"]!));
    }

    [Fact]
    public async Task UnauthorisedFullOrEarly_GetTheirCodes_AndChangeNothing()
    {
        await using var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        var readOnly = TwoEdgeFixture.NewChannel("stateread");
        AssertError(await Set(client, readOnly, "k", 1), 403, $"not allowed to write the state of \"{readOnly}\"");
        AssertError(await Delete(client, readOnly, "k"), 403, "not allowed to write the state of");
        Assert.Empty(Entries(Ok(await Read(client, readOnly))["state"]));
        AssertError(await Set(client, "bad name", "k", 1), 400, "a channel name may only hold");

        // This fixture's "*" entry catches every other namespace, and keeps no state.
        AssertError(await Set(client, "nowhere:x", "k", 1), 400, "namespace \"nowhere\" keeps no state");

        // A channel at its MaxKeys takes no new key, but still takes changes of the keys it has.
        var tight = TwoEdgeFixture.NewChannel("statetight");
        foreach (var key in new[] { "a", "b", "c" })
        {
            Ok(await Set(client, tight, key, 1));
        }

        AssertError(await Set(client, tight, "d", 1), 413, $"\"{tight}\" has its maximum of 3 keys");
        AssertError(await Patch(client, tight, "d", 1), 413, $"\"{tight}\" has its maximum of 3 keys");
        Assert.Equal(4, (long)Ok(await Set(client, tight, "a", 2))["offset"]!);
        Ok(await Delete(client, tight, "b"));
        Ok(await Set(client, tight, "d", 1));

        await using var early = await RealtimeClient.OpenAsync(TwoEdgeFixture.Realtime(cluster.B));
        AssertError(await Set(early, tight, "e", 1), 401, "send connect first");
        AssertError(await Patch(early, tight, "a", 1), 401, "send connect first");
        AssertError(await Delete(early, tight, "a"), 401, "send connect first");
        AssertError(await Read(early, tight), 401, "send connect first");
        Ok(await early.RequestAsync("connect"));
        Assert.Equal(["a", "c", "d"], Entries(Ok(await Read(early, tight))["state"]).Keys);
    }
}
