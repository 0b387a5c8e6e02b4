using System.Text.Json.Nodes;
using Realtime.Grains;
using Realtime.TestKit;
using static Realtime.Cluster.Tests.State.StateOps;

namespace Realtime.Cluster.Tests.State;

/// <summary>
/// What a subscriber of a channel with keyed state sees: a snapshot at its offset, then one push per change in
/// the channel's single offset sequence; on resume, the changes it missed, or a fresh snapshot past the window.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class StateSnapshotTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task Subscriber_GetsTheSnapshot_ThenEachChangeMadeOnTheOtherEdge_InOneOffsetSequenceWithMessages()
    {
        var channel = TwoEdgeFixture.NewChannel("state");
        await using var writer = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        Assert.Equal(1, (long)Ok(await Set(writer, channel, "title", "draft"))["version"]!);
        Assert.Equal(2, (long)Ok(await Set(writer, channel, "doc", new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["c"] = 2 } }))["offset"]!);
        Assert.Equal(3, (long)Ok(await writer.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "hello"; }))["offset"]!);
        var deleted = Ok(await Delete(writer, channel, "title"));
        Assert.Equal(4, (long)deleted["offset"]!);

        await using var reader = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var subscribed = Ok(await reader.RequestAsync("subscribe", r => r["channel"] = channel));
        Assert.Equal(4, (long)subscribed["offset"]!);
        Assert.False((bool)subscribed["recovered"]!);
        Assert.Null(subscribed["stateNext"]);
        var snapshot = Entries(subscribed["state"]);
        Assert.Equal(["doc"], snapshot.Keys);
        Assert.Equal(2, snapshot["doc"].Version);
        AssertSameJson("""{"a":1,"b":{"c":2}}""", subscribed["state"]!["doc"]!["value"]);

        Assert.Equal(5, (long)Ok(await Patch(writer, channel, "doc", new JsonObject { ["b"] = new JsonObject { ["c"] = null }, ["d"] = true }))["version"]!);
        Ok(await writer.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = "between"; }));
        Ok(await Set(writer, channel, "title", "final"));
        Ok(await Delete(writer, channel, "doc"));
        await reader.WaitForPushesAsync(p => Of(p, channel).Count >= 4, "four pushes after the snapshot, on the other edge");

        var pushes = Of(reader.Pushes, channel);
        Assert.Equal([5L, 6, 7, 8], pushes.Select(p => (long)p["offset"]!));
        Assert.Equal(["state", "message", "state", "state"], pushes.Select(p => (string)p["push"]!));
        Assert.Equal("doc", (string?)pushes[0]["key"]);
        AssertSameJson("""{"a":1,"b":{},"d":true}""", pushes[0]["value"]);
        Assert.Equal(5, (long)pushes[0]["version"]!);
        Assert.False((bool)pushes[0]["removed"]!);
        Assert.Equal(writer.ClientId, (string?)pushes[0]["from"]?["client"]);
        Assert.Equal("final", (string?)pushes[2]["value"]);
        Assert.Equal(7, (long)pushes[2]["version"]!);
        Assert.True((bool)pushes[3]["removed"]!);
        Assert.Null(pushes[3]["value"]);
        Assert.Equal(8, (long)pushes[3]["version"]!);

        // The state op agrees; history lists the messages only.
        var read = Ok(await Read(reader, channel));
        Assert.Equal(8, (long)read["offset"]!);
        Assert.Equal((string)subscribed["epoch"]!, (string)read["epoch"]!);
        Assert.Equal(new Dictionary<string, (string, long)> { ["title"] = ("\"final\"", 7) }, Entries(read["state"]));
        var history = Ok(await reader.RequestAsync("history", r => r["channel"] = channel));
        Assert.Equal([3L, 6], history["publications"]!.AsArray().Select(p => (long)p!["offset"]!));
    }

    [Fact]
    public async Task ResumeWithinTheWindow_GetsTheMissedChanges_AndPastIt_AFreshSnapshot()
    {
        var channel = TwoEdgeFixture.NewChannel("statetight");
        await using var writer = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        string epoch;
        long seen;
        await using (var first = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A)))
        {
            var subscribed = Ok(await first.RequestAsync("subscribe", r => r["channel"] = channel));
            epoch = (string)subscribed["epoch"]!;
            Assert.Empty(Entries(subscribed["state"]));
            Ok(await Set(writer, channel, "a", 1));
            Ok(await Set(writer, channel, "b", 2));
            await first.WaitForPushesAsync(p => StatePushes(p, channel).Count() == 2, "both changes before the drop");
            seen = (long)StatePushes(first.Pushes, channel).Last()["offset"]!;
        }

        // Two changes while away: inside the window of three.
        Ok(await Set(writer, channel, "a", 3));
        Ok(await Delete(writer, channel, "b"));
        await using (var resumed = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B)))
        {
            var reply = Ok(await resumed.RequestAsync("subscribe", r =>
            {
                r["channel"] = channel;
                r["since"] = new JsonObject { ["epoch"] = epoch, ["offset"] = seen };
            }));
            Assert.True((bool)reply["recovered"]!, reply.ToJsonString());
            Assert.Equal(4, (long)reply["offset"]!);
            Assert.Empty(reply["publications"]!.AsArray());
            AssertSameJson("""{"a":{"value":3,"version":3},"b":{"value":null,"version":4,"removed":true}}""", reply["state"]);
        }

        // Four more: the window (offsets 6 to 8) no longer reaches back to 4.
        Ok(await Set(writer, channel, "c", 5));
        Ok(await Set(writer, channel, "d", 6));
        Ok(await Set(writer, channel, "a", 7));
        Ok(await Set(writer, channel, "c", 8));
        await using var late = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        var fresh = Ok(await late.RequestAsync("subscribe", r =>
        {
            r["channel"] = channel;
            r["since"] = new JsonObject { ["epoch"] = epoch, ["offset"] = 4 };
        }));
        Assert.False((bool)fresh["recovered"]!, fresh.ToJsonString());
        Assert.Equal(8, (long)fresh["offset"]!);
        AssertSameJson("""{"a":{"value":7,"version":7},"c":{"value":8,"version":8},"d":{"value":6,"version":6}}""", fresh["state"]);

        // Another epoch is a fresh snapshot too.
        await using var lost = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var other = Ok(await lost.RequestAsync("subscribe", r =>
        {
            r["channel"] = channel;
            r["since"] = new JsonObject { ["epoch"] = "another-epoch", ["offset"] = 8 };
        }));
        Assert.False((bool)other["recovered"]!);
        Assert.Equal(3, Entries(other["state"]).Count);
    }

    [Fact]
    public async Task TenThousandKeys_ArePaged_AndThePagesWithThePushesHoldEveryKey()
    {
        const int keys = 10_000;
        var channel = TwoEdgeFixture.NewChannel("state");
        var grain = cluster.Channel(channel);
        var limits = new StateLimits(20_000, TwoEdgeFixture.StateMaxValueBytes);
        for (var batch = 0; batch < keys; batch += 250)
        {
            await Eventually.WithinAsync(
                Task.WhenAll(Enumerable.Range(batch, 250).Select(i => grain.WriteStateAsync(new StateWriteRequest(StateWriteKind.Set, $"k{i:D5}", $$"""{"n":{{i}}}""", limits)))),
                $"keys {batch} to {batch + 249} written",
                TimeSpan.FromSeconds(30));
        }

        await using var reader = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var subscribed = Ok(await reader.RequestAsync("subscribe", r => r["channel"] = channel));
        Assert.Equal(keys, (long)subscribed["offset"]!);
        var first = Entries(subscribed["state"]);
        Assert.Equal(1000, first.Count);
        Assert.Equal("k00999", (string?)subscribed["stateNext"]);

        // A change while the client pages: it is pushed, with a version above the snapshot's offset.
        await using var writer = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        Ok(await Set(writer, channel, "k05000", new JsonObject { ["n"] = -1 }));

        var all = new Dictionary<string, (string Value, long Version)>(first);
        var cursor = (string?)subscribed["stateNext"];
        var pages = 1;
        while (cursor is not null)
        {
            Assert.True(pages < 20, "more pages than 10,000 keys can fill");
            var page = Ok(await Read(reader, channel, cursor));
            var entries = Entries(page["state"]);
            Assert.All(entries.Keys, k => Assert.True(string.CompareOrdinal(k, cursor) > 0, $"{k} is not after the cursor {cursor}"));
            foreach (var (k, v) in entries)
            {
                Assert.True(all.TryAdd(k, v), $"{k} came twice");
            }

            cursor = (string?)page["next"];
            pages++;
        }

        Assert.Equal(10, pages);
        Assert.Equal(keys, all.Count);
        await reader.WaitForPushesAsync(p => StatePushes(p, channel, "k05000").Any(), "the change made while paging");
        var pushed = StatePushes(reader.Pushes, channel, "k05000").Single();
        Assert.Equal(keys + 1, (long)pushed["version"]!);

        // Pages, then the pushes on top: every key at its latest value.
        all["k05000"] = (pushed["value"]!.ToJsonString(), (long)pushed["version"]!);
        for (var i = 0; i < keys; i++)
        {
            AssertSameJson(i == 5000 ? """{"n":-1}""" : $$"""{"n":{{i}}}""", JsonNode.Parse(all[$"k{i:D5}"].Value));
        }
    }
}
