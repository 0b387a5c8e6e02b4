using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>
/// <c>Channels:Delivery=Streams</c>: the channel grain publishes to the channel's Orleans memory stream and
/// edges subscribe to it (no observer call carries a publication), with the same ordering as observers.
/// </summary>
[Collection(StreamsCollection.Name)]
public sealed class StreamsDeliveryTests(StreamsFixture cluster)
{
    [Fact]
    public async Task Publish_IsDeliveredInOrderAcrossEdges_ThroughTheStream()
    {
        const int Count = 200;
        var channel = TwoEdgeFixture.NewChannel("streams");
        await using var subscriber = await RealtimeClient.ConnectAsync(StreamsFixture.Realtime(cluster.B));
        Assert.Equal(0, (long)Ok(await subscriber.RequestAsync("subscribe", r => r["channel"] = channel))["offset"]!);

        await using var publisher = await RealtimeClient.ConnectAsync(StreamsFixture.Realtime(cluster.A));
        for (var i = 1; i <= Count; i++)
        {
            Assert.Equal(i, await PublishAsync(publisher, channel, i));
        }

        await subscriber.WaitForPushesAsync(p => Messages(p).Count() >= Count, $"{Count} messages on edge B", TimeSpan.FromSeconds(20));
        var messages = Messages(subscriber.Pushes).ToArray();
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), messages.Select(m => (long)m["offset"]!));
        Assert.Equal(Enumerable.Range(1, Count), messages.Select(m => (int)m["data"]!));
    }

    [Fact]
    public async Task StateChanges_AndExpiries_ReachAClientModeEdge_ThroughTheStream_InOffsetOrder()
    {
        var channel = TwoEdgeFixture.NewChannel("streamstate");
        await using var subscriber = await RealtimeClient.ConnectAsync(StreamsFixture.Realtime(cluster.C));
        Assert.NotNull(Ok(await subscriber.RequestAsync("subscribe", r => r["channel"] = channel))["state"]);

        await using var writer = await RealtimeClient.ConnectAsync(StreamsFixture.Realtime(cluster.A));
        Ok(await writer.RequestAsync("set", r => { r["channel"] = channel; r["key"] = "a"; r["value"] = new JsonObject { ["x"] = 1 }; }));
        Ok(await writer.RequestAsync("patch", r => { r["channel"] = channel; r["key"] = "a"; r["patch"] = new JsonObject { ["y"] = 2 }; }));
        Ok(await writer.RequestAsync("set", r => { r["channel"] = channel; r["key"] = "brief"; r["value"] = true; r["ttl"] = 1.5; }));
        Ok(await writer.RequestAsync("delete", r => { r["channel"] = channel; r["key"] = "a"; }));

        // The expiry is sent by the channel's timer, through the stream like the writes.
        await subscriber.WaitForPushesAsync(p => p.Count(m => (string?)m["push"] == "state") >= 5, "four writes and one expiry on the client-mode edge");
        var pushes = subscriber.Pushes.Where(m => (string?)m["push"] == "state").ToArray();
        Assert.Equal([1L, 2, 3, 4, 5], pushes.Select(m => (long)m["offset"]!));
        Assert.Equal(["a", "a", "brief", "a", "brief"], pushes.Select(m => (string)m["key"]!));
        Assert.Equal("""{"x":1,"y":2}""", pushes[1]["value"]!.ToJsonString());
        Assert.Equal([false, false, false, true, true], pushes.Select(m => (bool)m["removed"]!));
    }

    [Fact]
    public async Task ClientModeEdge_ReceivesThroughTheStream_AndLeavesItWithItsLastSubscriber()
    {
        const int Count = 50;
        var channel = TwoEdgeFixture.NewChannel("streams-client");
        // Tests of this collection run one at a time, but an earlier one's subscriber on edge C may still be
        // leaving its stream: start from none.
        await AsyncCondition.TrueAsync(
            () => Task.FromResult(StreamsFixture.StreamSubscriptions(cluster.C) == 0),
            "edge C to leave the streams of earlier tests' channels");
        const int before = 0;
        await using (var subscriber = await RealtimeClient.ConnectAsync(StreamsFixture.Realtime(cluster.C)))
        {
            Ok(await subscriber.RequestAsync("subscribe", r => r["channel"] = channel));
            Assert.Equal(before + 1, StreamsFixture.StreamSubscriptions(cluster.C));

            await using var publisher = await RealtimeClient.ConnectAsync(StreamsFixture.Realtime(cluster.B));
            for (var i = 1; i <= Count; i++)
            {
                Assert.Equal(i, await PublishAsync(publisher, channel, i));
            }

            await subscriber.WaitForPushesAsync(p => Messages(p).Count() >= Count, $"{Count} messages on the client-mode edge C", TimeSpan.FromSeconds(20));
            Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), Messages(subscriber.Pushes).Select(m => (long)m["offset"]!));
        }

        await AsyncCondition.TrueAsync(
            () => Task.FromResult(StreamsFixture.StreamSubscriptions(cluster.C) == before),
            "edge C to leave the channel's stream once its only subscriber disconnected");
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
