using System.Text.Json.Nodes;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// Offsets and ordering across two edges: the subscribe reply says where delivery starts, pushes
/// follow from the next offset with no gap or duplicate, and channels are independent of each other.
/// </summary>
[Collection(TwoEdgeCollection.Name)]
public sealed class ChannelOrderTests(TwoEdgeFixture cluster)
{
    [Fact]
    public async Task SubscribeReply_CarriesEpochAndOffset_AndPushesFollowFromTheNextOffset()
    {
        var channel = TwoEdgeFixture.NewChannel("order");
        await using var publisher = await RealtimeClient.OpenAsync(TwoEdgeFixture.Realtime(cluster.A));
        var publisherId = (string)(await publisher.RequestAsync("connect"))["ok"]!["client"]!;
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(i, await PublishAsync(publisher, channel, i));
        }

        await using var onB = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        await using var onA = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        var subscribedB = Ok(await onB.RequestAsync("subscribe", r => r["channel"] = channel));
        var subscribedA = Ok(await onA.RequestAsync("subscribe", r => r["channel"] = channel));
        var epoch = (string)subscribedB["epoch"]!;
        Assert.False(string.IsNullOrEmpty(epoch), "the subscribe reply names the channel's epoch");
        Assert.Equal(5, (long)subscribedB["offset"]!);
        Assert.False((bool)subscribedB["recovered"]!);
        Assert.Empty(subscribedB["publications"]!.AsArray());
        Assert.Equal(epoch, (string)subscribedA["epoch"]!);
        Assert.Equal(5, (long)subscribedA["offset"]!);

        for (var i = 6; i <= 15; i++)
        {
            Assert.Equal(i, await PublishAsync(publisher, channel, i));
        }

        foreach (var (subscriber, edge) in new[] { (onB, "B"), (onA, "A") })
        {
            await subscriber.WaitForPushesAsync(p => Messages(p).Count() >= 10, $"10 messages on edge {edge}");
            var messages = Messages(subscriber.Pushes).ToArray();
            Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), messages.Select(m => (long)m["offset"]!));
            Assert.Equal(Enumerable.Range(6, 10), messages.Select(m => (int)m["data"]!));
            Assert.All(messages, m =>
            {
                Assert.Equal(channel, (string)m["channel"]!);
                Assert.Equal(publisherId, (string)m["from"]!["client"]!);
                Assert.Equal(string.Empty, (string)m["from"]!["user"]!);
            });
        }
    }

    [Fact]
    public async Task TwoChannels_DoNotInterfere()
    {
        const int Each = 20;
        var first = TwoEdgeFixture.NewChannel("first");
        var second = TwoEdgeFixture.NewChannel("second");
        await using var onlyFirst = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        await using var onlySecond = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        await using var both = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        Assert.Equal(0, (long)Ok(await onlyFirst.RequestAsync("subscribe", r => r["channel"] = first))["offset"]!);
        Assert.Equal(0, (long)Ok(await onlySecond.RequestAsync("subscribe", r => r["channel"] = second))["offset"]!);
        var epochFirst = (string)Ok(await both.RequestAsync("subscribe", r => r["channel"] = first))["epoch"]!;
        var epochSecond = (string)Ok(await both.RequestAsync("subscribe", r => r["channel"] = second))["epoch"]!;
        Assert.NotEqual(epochFirst, epochSecond);

        await using var publisher = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        for (var i = 1; i <= Each; i++)
        {
            Assert.Equal(i, await PublishAsync(publisher, first, 100 + i));
            Assert.Equal(i, await PublishAsync(publisher, second, 200 + i));
        }

        await onlyFirst.WaitForPushesAsync(p => Messages(p).Count() >= Each, $"{Each} messages of {first}");
        await onlySecond.WaitForPushesAsync(p => Messages(p).Count() >= Each, $"{Each} messages of {second}");
        await both.WaitForPushesAsync(p => Messages(p).Count() >= 2 * Each, $"{2 * Each} messages of both channels");

        AssertChannel(Messages(onlyFirst.Pushes).ToArray(), first, 100);
        AssertChannel(Messages(onlySecond.Pushes).ToArray(), second, 200);
        var mixed = Messages(both.Pushes).ToArray();
        Assert.Equal(2 * Each, mixed.Length);
        AssertChannel(mixed.Where(m => (string?)m["channel"] == first).ToArray(), first, 100);
        AssertChannel(mixed.Where(m => (string?)m["channel"] == second).ToArray(), second, 200);

        static void AssertChannel(JsonObject[] messages, string channel, int dataBase)
        {
            Assert.All(messages, m => Assert.Equal(channel, (string)m["channel"]!));
            Assert.Equal(Enumerable.Range(1, Each).Select(i => (long)i), messages.Select(m => (long)m["offset"]!));
            Assert.Equal(Enumerable.Range(dataBase + 1, Each), messages.Select(m => (int)m["data"]!));
        }
    }

    [Fact]
    public async Task PublishersOnBothEdges_EverySubscriberSeesTheSameSequence()
    {
        const int Each = 100;
        var channel = TwoEdgeFixture.NewChannel("concurrent");
        await using var subscriberA = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        await using var subscriberB = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        Ok(await subscriberA.RequestAsync("subscribe", r => r["channel"] = channel));
        Ok(await subscriberB.RequestAsync("subscribe", r => r["channel"] = channel));

        await using var publisherA = await RealtimeClient.OpenAsync(TwoEdgeFixture.Realtime(cluster.A));
        await using var publisherB = await RealtimeClient.OpenAsync(TwoEdgeFixture.Realtime(cluster.B));
        var idA = (string)(await publisherA.RequestAsync("connect"))["ok"]!["client"]!;
        var idB = (string)(await publisherB.RequestAsync("connect"))["ok"]!["client"]!;
        var offsets = await Task.WhenAll(PublishManyAsync(publisherA, 1000), PublishManyAsync(publisherB, 2000));
        Assert.Equal(Enumerable.Range(1, 2 * Each).Select(i => (long)i), offsets.SelectMany(o => o).Order());

        await subscriberA.WaitForPushesAsync(p => Messages(p).Count() >= 2 * Each, $"{2 * Each} messages on edge A");
        await subscriberB.WaitForPushesAsync(p => Messages(p).Count() >= 2 * Each, $"{2 * Each} messages on edge B");
        var seenA = Messages(subscriberA.Pushes).ToArray();
        var seenB = Messages(subscriberB.Pushes).ToArray();
        Assert.Equal(Enumerable.Range(1, 2 * Each).Select(i => (long)i), seenA.Select(m => (long)m["offset"]!));
        Assert.Equal(seenA.Select(m => m.ToJsonString()), seenB.Select(m => m.ToJsonString()));

        // Each publisher's messages keep the order it sent them in, and name it as their sender.
        Assert.Equal(Enumerable.Range(1001, Each), seenA.Where(m => (int)m["data"]! < 2000).Select(m => (int)m["data"]!));
        Assert.Equal(Enumerable.Range(2001, Each), seenA.Where(m => (int)m["data"]! > 2000).Select(m => (int)m["data"]!));
        Assert.All(seenA, m => Assert.Equal((int)m["data"]! < 2000 ? idA : idB, (string)m["from"]!["client"]!));

        async Task<long[]> PublishManyAsync(RealtimeClient publisher, int dataBase)
        {
            var result = new long[Each];
            for (var i = 1; i <= Each; i++)
            {
                result[i - 1] = await PublishAsync(publisher, channel, dataBase + i);
            }

            return result;
        }
    }

    [Fact]
    public async Task PublishedThroughTheGrain_ReachesBothEdgesInOffsetOrder_WithoutFrom()
    {
        const int Count = 100;
        var channel = TwoEdgeFixture.NewChannel("server");
        await using var subscriberA = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.A));
        await using var subscriberB = await RealtimeClient.ConnectAsync(TwoEdgeFixture.Realtime(cluster.B));
        var epoch = (string)Ok(await subscriberA.RequestAsync("subscribe", r => r["channel"] = channel))["epoch"]!;
        Ok(await subscriberB.RequestAsync("subscribe", r => r["channel"] = channel));

        // Concurrent calls: the grain numbers them in whatever order they reach it.
        var grain = cluster.Channel(channel);
        var positions = await Task.WhenAll(Enumerable.Range(1, Count).Select(i => grain.PublishAsync(new PublishRequest($"{{\"n\":{i}}}", null, null))));
        Assert.All(positions, p => Assert.Equal(epoch, p.Epoch));
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), positions.Select(p => p.Offset).Order());
        var dataAt = positions.Select((p, i) => (p.Offset, Data: i + 1)).ToDictionary(x => x.Offset, x => x.Data);

        foreach (var (subscriber, edge) in new[] { (subscriberA, "A"), (subscriberB, "B") })
        {
            await subscriber.WaitForPushesAsync(p => Messages(p).Count() >= Count, $"{Count} server publications on edge {edge}");
            var messages = Messages(subscriber.Pushes).ToArray();
            Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), messages.Select(m => (long)m["offset"]!));
            Assert.All(messages, m =>
            {
                Assert.Equal(dataAt[(long)m["offset"]!], (int)m["data"]!["n"]!);
                Assert.False(m.ContainsKey("from"), "a server publication has no from: " + m.ToJsonString());
            });
        }
    }

    private static async Task<long> PublishAsync(RealtimeClient publisher, string channel, int data) =>
        (long)Ok(await publisher.RequestAsync("publish", r =>
        {
            r["channel"] = channel;
            r["data"] = data;
        }))["offset"]!;

    private static JsonObject Ok(JsonObject reply) =>
        reply["ok"] as JsonObject ?? throw new Xunit.Sdk.XunitException("expected ok, got " + reply.ToJsonString());

    private static IEnumerable<JsonObject> Messages(IEnumerable<JsonObject> pushes) => pushes.Where(m => (string?)m["push"] == "message");
}
