using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Durability;

/// <summary>
/// A channel grain that is re-created (deactivated, then called again) starts a new epoch unless its
/// namespace is durable; a durable one goes on with its epoch, offsets and history from the memory grain storage.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class DurabilityTests(DurabilityFixture cluster)
{
    [Fact]
    public async Task InMemoryChannel_ReCreated_StartsANewEpoch_AndAnOldSinceIsNotRecovered()
    {
        var channel = DurabilityFixture.NewChannel("fleeting");
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        var epoch = await SubscribeAsync(client, channel);
        await PublishAsync(client, channel, 3);
        await UnsubscribeAsync(client, channel);

        await ChannelRecreation.RecreateAsync(cluster.Grains, channel);

        var (reply, publications) = await SubscribeAsync(client, channel, new JsonObject { ["epoch"] = epoch, ["offset"] = 1 });
        Assert.False((bool)reply["recovered"]!, reply.ToJsonString());
        Assert.NotEqual(epoch, (string)reply["epoch"]!);
        Assert.Equal(0, (long)reply["offset"]!);
        Assert.Empty(publications);
    }

    [Fact]
    public async Task DurableChannel_ReCreated_KeepsItsEpoch_AndResumesWithEveryPublication()
    {
        var channel = DurabilityFixture.NewChannel("kept");
        await using var client = await RealtimeClient.ConnectAsync(cluster.Realtime);
        var epoch = await SubscribeAsync(client, channel);
        await PublishAsync(client, channel, 5);
        await UnsubscribeAsync(client, channel);

        await ChannelRecreation.RecreateAsync(cluster.Grains, channel);

        var (reply, publications) = await SubscribeAsync(client, channel, new JsonObject { ["epoch"] = epoch, ["offset"] = 1 });
        Assert.True((bool)reply["recovered"]!, reply.ToJsonString());
        Assert.Equal(epoch, (string)reply["epoch"]!);
        Assert.Equal(5, (long)reply["offset"]!);
        Assert.Equal([2L, 3, 4, 5], publications.Select(p => (long)p["offset"]!));
        Assert.Equal([2L, 3, 4, 5], publications.Select(p => (long)p["data"]!));
        Assert.Equal(client.ClientId, (string?)publications[0]["from"]!["client"]);

        // Offsets go on from the stored one.
        Assert.Equal(6, (long)(await PublishOneAsync(client, channel, 6))["ok"]!["offset"]!);
    }

    [Fact]
    public async Task DurableChannel_ReCreatedUnderASubscriber_DeliversWhatFollowsWithoutUnsubscribing()
    {
        var channel = DurabilityFixture.NewChannel("kept");
        await using var subscriber = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await using var publisher = await RealtimeClient.ConnectAsync(cluster.Realtime);
        await SubscribeAsync(subscriber, channel);
        await PublishAsync(publisher, channel, 3);
        await subscriber.WaitForPushesAsync(p => Messages(p).Count() == 3, "the first three messages");

        await ChannelRecreation.RecreateAsync(cluster.Grains, channel);

        // The new activation knows no edges until the subscriber's edge renews: it finds offset 4 then, same epoch.
        await PublishAsync(publisher, channel, 2, first: 4);
        await subscriber.WaitForPushesAsync(p => Messages(p).Count() == 5, "messages 4 and 5 after the channel was re-created", TimeSpan.FromSeconds(15));
        Assert.Equal([1L, 2, 3, 4, 5], Messages(subscriber.Pushes).Select(m => (long)m["offset"]!));
        Assert.DoesNotContain(subscriber.Pushes, m => (string?)m["push"] == "unsubscribed");
    }

    [Fact]
    public async Task ConcurrentPublishes_OnADurableChannel_AreAllStoredInOrder()
    {
        const int Publishers = 4;
        const int Each = 20;
        var channel = DurabilityFixture.NewChannel("kept");
        var clients = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => RealtimeClient.ConnectAsync(cluster.Realtime)));
        try
        {
            var epoch = await SubscribeAsync(clients[0], channel);
            var offsets = await Task.WhenAll(clients.Select((c, i) => Task.Run(async () =>
            {
                var mine = new List<long>();
                for (var n = 0; n < Each; n++)
                {
                    var reply = await PublishOneAsync(c, channel, i * 1000 + n);
                    mine.Add((long)(reply["ok"] ?? throw new InvalidOperationException(reply.ToJsonString()))["offset"]!);
                }

                return mine;
            })));
            Assert.Equal(Enumerable.Range(1, Publishers * Each).Select(i => (long)i), offsets.SelectMany(o => o).Order());
            await clients[0].WaitForPushesAsync(p => Messages(p).Count() == Publishers * Each, $"all {Publishers * Each} messages pushed");
            Assert.Equal(Enumerable.Range(1, Publishers * Each).Select(i => (long)i), Messages(clients[0].Pushes).Select(m => (long)m["offset"]!));
            await UnsubscribeAsync(clients[0], channel);

            await ChannelRecreation.RecreateAsync(cluster.Grains, channel);

            var (reply, publications) = await SubscribeAsync(clients[1], channel, new JsonObject { ["epoch"] = epoch, ["offset"] = 0 });
            Assert.True((bool)reply["recovered"]!, reply.ToJsonString());
            Assert.Equal(Enumerable.Range(1, Publishers * Each).Select(i => (long)i), publications.Select(p => (long)p["offset"]!));

            // Each publisher's own publications are stored in the order it made them.
            foreach (var group in publications.GroupBy(p => (long)p["data"]! / 1000))
            {
                Assert.Equal(Enumerable.Range(0, Each).Select(n => group.Key * 1000 + n), group.Select(p => (long)p["data"]!));
            }
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }
        }
    }

    internal static IEnumerable<JsonObject> Messages(IEnumerable<JsonObject> pushes) => pushes.Where(m => (string?)m["push"] == "message");

    /// <summary>Subscribes without <c>since</c>; returns the channel's epoch.</summary>
    internal static async Task<string> SubscribeAsync(RealtimeClient client, string channel) =>
        (string)(await SubscribeAsync(client, channel, null)).Reply["epoch"]!;

    internal static async Task<(JsonObject Reply, JsonObject[] Publications)> SubscribeAsync(RealtimeClient client, string channel, JsonObject? since)
    {
        var reply = await client.RequestAsync("subscribe", r =>
        {
            r["channel"] = channel;
            if (since is not null)
            {
                r["since"] = since;
            }
        });
        var ok = reply["ok"] as JsonObject ?? throw new InvalidOperationException($"subscribe to {channel} failed: {reply.ToJsonString()}");
        return (ok, ok["publications"]!.AsArray().Select(p => p!.AsObject()).ToArray());
    }

    internal static async Task UnsubscribeAsync(RealtimeClient client, string channel)
    {
        var reply = await client.RequestAsync("unsubscribe", r => r["channel"] = channel);
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
    }

    internal static Task<JsonObject> PublishOneAsync(RealtimeClient client, string channel, long data) =>
        client.RequestAsync("publish", r => { r["channel"] = channel; r["data"] = data; });

    /// <summary>Publishes <paramref name="count"/> messages whose data is their expected offset, from <paramref name="first"/> on.</summary>
    internal static async Task PublishAsync(RealtimeClient client, string channel, int count, int first = 1)
    {
        for (var data = first; data < first + count; data++)
        {
            var reply = await PublishOneAsync(client, channel, data);
            Assert.True(reply["ok"] is not null, reply.ToJsonString());
            Assert.Equal(data, (long)reply["ok"]!["offset"]!);
        }
    }
}
