using System.Text.Json.Nodes;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.Auth.ConnectionTokenTests;
using static Realtime.Cluster.Tests.State.StateOps;

namespace Realtime.Cluster.Tests.State;

/// <summary>Writes of keyed state: compare-and-set, expiry and idempotent retries, as subscribers on another edge see them.</summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class StateWriteTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task IfVersion_ThatDoesNotMatch_Is409WithTheCurrentVersion_AndChangesNothing()
    {
        var channel = TwoEdgeFixture.NewChannel("state");
        await using var reader = await Subscribed(cluster.B, channel);
        await using var writer = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        var v1 = (long)Ok(await Set(writer, channel, "k", 1, r => r["ifVersion"] = 0))["version"]!;
        var v2 = (long)Ok(await Set(writer, channel, "k", 2, r => r["ifVersion"] = v1))["version"]!;
        Assert.Equal(v1 + 1, v2);

        foreach (var stale in new[]
        {
            await Set(writer, channel, "k", 3, r => r["ifVersion"] = v1),
            await Set(writer, channel, "k", 3, r => r["ifVersion"] = 0),
            await Patch(writer, channel, "k", 3, r => r["ifVersion"] = v1),
            await Delete(writer, channel, "k", r => r["ifVersion"] = v1),
        })
        {
            AssertError(stale, 409, $"\"k\" is at version {v2}");
            Assert.Equal(v2, (long)stale["error"]!["version"]!);
        }

        var absent = await Set(writer, channel, "never", 1, r => r["ifVersion"] = v2);
        AssertError(absent, 409, "\"never\" is at version 0");
        Assert.Equal(0, (long)absent["error"]!["version"]!);

        // The matching version still applies; the refused writes took no offset and were pushed to no one.
        var deleted = Ok(await Delete(writer, channel, "k", r => r["ifVersion"] = v2));
        Assert.Equal(v2 + 1, (long)deleted["offset"]!);
        await reader.WaitForPushesAsync(p => StatePushes(p, channel).Count() >= 3, "the three applied changes");
        Assert.Equal([v1, v2, v2 + 1], StatePushes(reader.Pushes, channel).Select(p => (long)p["version"]!));
        Assert.Equal("1", StatePushes(reader.Pushes, channel).First()["value"]!.ToJsonString());

        // Deleting what is not there changes nothing: no offset, version 0.
        var nothing = Ok(await Delete(writer, channel, "k"));
        Assert.Equal(v2 + 1, (long)nothing["offset"]!);
        Assert.Equal(0, (long)nothing["version"]!);
    }

    [Fact]
    public async Task KeysWithATtl_Expire_AndSubscribersOnTheOtherEdgeSeeThemRemoved()
    {
        var channel = TwoEdgeFixture.NewChannel("state");
        await using var reader = await Subscribed(cluster.B, channel);
        await using var writer = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));

        // "kept" would expire first, but a set without ttl makes it permanent; a patch without ttl keeps the expiry.
        // Its ttl leaves the next request ample time to come first, even on a busy machine.
        Ok(await Set(writer, channel, "kept", 1, r => r["ttl"] = 1.5));
        Ok(await Set(writer, channel, "kept", 2));
        Ok(await Set(writer, channel, "patched", new JsonObject { ["a"] = 1 }, r => r["ttl"] = 2));
        Ok(await Patch(writer, channel, "patched", new JsonObject { ["b"] = 2 }));
        var soon = Ok(await Set(writer, channel, "soon", "bye", r => r["ttl"] = 2.5));

        await reader.WaitForPushesAsync(
            p => StatePushes(p, channel).Count(m => (bool)m["removed"]!) >= 2,
            "the removals of \"patched\" and \"soon\" when their ttl passed",
            TimeSpan.FromSeconds(10));
        var removals = StatePushes(reader.Pushes, channel).Where(m => (bool)m["removed"]!).ToList();
        Assert.Equal(["patched", "soon"], removals.Select(m => (string)m["key"]!));
        Assert.All(removals, m =>
        {
            Assert.Null(m["value"]);
            Assert.Null(m["from"]);
            Assert.Equal((long)m["offset"]!, (long)m["version"]!);
        });
        Assert.True((long)removals[1]["offset"]! > (long)soon["offset"]!);

        var read = Ok(await Read(reader, channel));
        Assert.Equal(new Dictionary<string, (string, long)> { ["kept"] = ("2", 2) }, Entries(read["state"]));
    }

    [Fact]
    public async Task RetriedWrite_WithTheSameIdempotencyKey_IsAppliedOnce_AndAnswersWithTheFirstResult()
    {
        var channel = TwoEdgeFixture.NewChannel("state");
        await using var reader = await Subscribed(cluster.B, channel);
        await using var writer = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        var first = Ok(await Set(writer, channel, "counter", 1, r => r["idempotencyKey"] = "write-1"));
        var retry = Ok(await Set(writer, channel, "counter", 1, r => r["idempotencyKey"] = "write-1"));
        var sameKeyOtherBody = Ok(await Patch(writer, channel, "counter", 99, r => r["idempotencyKey"] = "write-1"));
        Assert.Equal(first.ToJsonString(), retry.ToJsonString());
        Assert.Equal(first.ToJsonString(), sameKeyOtherBody.ToJsonString());

        // Idempotent deletes too; and another connection's key of the same name is its own.
        var delete = Ok(await Delete(writer, channel, "counter", r => r["idempotencyKey"] = "write-2"));
        Assert.Equal(delete.ToJsonString(), Ok(await Delete(writer, channel, "counter", r => r["idempotencyKey"] = "write-2")).ToJsonString());
        await using var other = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var others = Ok(await Set(other, channel, "counter", 5, r => r["idempotencyKey"] = "write-1"));
        Assert.Equal((long)delete["offset"]! + 1, (long)others["offset"]!);

        await reader.WaitForPushesAsync(p => StatePushes(p, channel).Count() >= 3, "three applied changes");
        Assert.Equal(
            [(long)first["offset"]!, (long)delete["offset"]!, (long)others["offset"]!],
            StatePushes(reader.Pushes, channel).Select(p => (long)p["offset"]!));
        Assert.Equal(new Dictionary<string, (string, long)> { ["counter"] = ("5", (long)others["version"]!) }, Entries(Ok(await Read(reader, channel))["state"]));
    }

    private static async Task<RealtimeClient> Subscribed(EdgeServer edge, string channel)
    {
        var client = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(edge));
        Ok(await client.RequestAsync("subscribe", r => r["channel"] = channel));
        return client;
    }
}
