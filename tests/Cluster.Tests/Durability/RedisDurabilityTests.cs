using System.Text.Json.Nodes;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests.Durability;

/// <summary>
/// With Redis grain storage (a real redis-server on a free port), a durable channel outlives its silo: the
/// edge and its co-hosted silo stop, a new one starts against the same Redis, and clients resume as if
/// nothing happened. A channel kept in memory starts over.
/// </summary>
public sealed class RedisDurabilityTests
{
    [Fact]
    public async Task DurableChannel_SurvivesASiloRestart_WhileAnInMemoryOneStartsANewEpoch()
    {
        const int Count = 25;
        await using var redis = await RedisServer.StartAsync();
        var settings = DurabilityFixture.Namespaces(new Dictionary<string, string?>
        {
            ["Cluster:Persistence"] = "Redis",
            ["Cluster:RedisConnection"] = redis.ConnectionString,
        });
        var kept = DurabilityFixture.NewChannel("kept");
        var fleeting = DurabilityFixture.NewChannel("fleeting");

        string keptEpoch, fleetingEpoch;
        await using (var first = await EdgeServer.StartClusterAsync("redis-first-" + Guid.NewGuid().ToString("N")[..8], settings: settings))
        {
            await using var client = await RealtimeClient.ConnectAsync(first.Url + "/realtime");
            keptEpoch = await DurabilityTests.SubscribeAsync(client, kept);
            fleetingEpoch = await DurabilityTests.SubscribeAsync(client, fleeting);
            await DurabilityTests.PublishAsync(client, kept, Count);
            await DurabilityTests.PublishAsync(client, fleeting, 3);
            await client.WaitForPushesAsync(p => DurabilityTests.Messages(p).Count() == Count + 3, $"the {Count + 3} messages before the restart");
        }

        // A new silo (new ports, new cluster id) on the same Redis: nothing of the first one is left in memory.
        await using var second = await EdgeServer.StartClusterAsync("redis-second-" + Guid.NewGuid().ToString("N")[..8], settings: settings);
        await using var resumed = await RealtimeClient.ConnectAsync(second.Url + "/realtime");

        var (reply, publications) = await DurabilityTests.SubscribeAsync(resumed, kept, new JsonObject { ["epoch"] = keptEpoch, ["offset"] = 0 });
        Assert.True((bool)reply["recovered"]!, reply.ToJsonString());
        Assert.Equal(keptEpoch, (string)reply["epoch"]!);
        Assert.Equal(Count, (long)reply["offset"]!);
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), publications.Select(p => (long)p["offset"]!));
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), publications.Select(p => (long)p["data"]!));
        await DurabilityTests.PublishAsync(resumed, kept, 1, first: Count + 1);
        await resumed.WaitForPushesAsync(p => DurabilityTests.Messages(p).Any(m => (long)m["offset"]! == Count + 1), $"offset {Count + 1}, published after the restart");

        var (lost, _) = await DurabilityTests.SubscribeAsync(resumed, fleeting, new JsonObject { ["epoch"] = fleetingEpoch, ["offset"] = 1 });
        Assert.False((bool)lost["recovered"]!, lost.ToJsonString());
        Assert.NotEqual(fleetingEpoch, (string)lost["epoch"]!);
        Assert.Equal(0, (long)lost["offset"]!);
    }

    [Fact]
    public async Task DurableChannel_WhoseStorageFails_RefusesThePublish_AndItsSubscriberLearnsOfTheLoss()
    {
        var redis = await RedisServer.StartAsync();
        try
        {
            var settings = DurabilityFixture.Namespaces(new Dictionary<string, string?>
            {
                ["Cluster:Persistence"] = "Redis",
                // Storage calls fail fast, well before the edge gives up on the publish (5 s): the refusal then
                // comes from the channel itself, whose write is over for good when the client hears of it.
                ["Cluster:RedisConnection"] = redis.ConnectionString + ",connectTimeout=500,asyncTimeout=500,syncTimeout=500",
                ["Channels:EdgeLease"] = "00:00:03",
                ["Realtime:RenewInterval"] = "00:00:01",
            });
            var channel = DurabilityFixture.NewChannel("kept");
            await using var edge = await EdgeServer.StartClusterAsync("redis-fail-" + Guid.NewGuid().ToString("N")[..8], settings: settings);
            await using var subscriber = await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
            await using var publisher = await RealtimeClient.ConnectAsync(edge.Url + "/realtime");
            var epoch = await DurabilityTests.SubscribeAsync(subscriber, channel);
            await DurabilityTests.PublishAsync(publisher, channel, 2);
            await subscriber.WaitForPushesAsync(p => DurabilityTests.Messages(p).Count() == 2, "the two messages published while Redis ran");

            // Redis goes away: the publish cannot be stored, so it is refused and nobody receives it.
            var port = redis.Port;
            await redis.DisposeAsync();
            var refused = await DurabilityTests.PublishOneAsync(publisher, channel, 99);
            Assert.True(refused["error"] is not null, refused.ToJsonString());

            // A new, empty Redis on the same port: the channel's record is gone, so its next activation starts a new epoch.
            redis = await RedisServer.StartAsync(port);
            JsonObject? accepted = null;
            await AsyncCondition.TrueAsync(
                async () => (accepted = await DurabilityTests.PublishOneAsync(publisher, channel, 1))["ok"] is not null,
                "a publish to be stored once Redis is back",
                TimeSpan.FromSeconds(30));
            Assert.Equal(1, (long)accepted!["ok"]!["offset"]!);

            await subscriber.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "unsubscribed"), "the subscriber to be told its channel lost publications", TimeSpan.FromSeconds(15));
            var unsubscribed = subscriber.Pushes.First(m => (string?)m["push"] == "unsubscribed");
            Assert.Equal(500, (long)unsubscribed["code"]!);
            Assert.True(
                DurabilityTests.Messages(subscriber.Pushes).Select(m => (long)m["data"]!).SequenceEqual([1L, 2]),
                "the subscriber should have had messages 1 and 2 only, it had:\n" + string.Join("\n", subscriber.Pushes.Select(p => p.ToJsonString())));

            var (reply, _) = await DurabilityTests.SubscribeAsync(subscriber, channel, new JsonObject { ["epoch"] = epoch, ["offset"] = 2 });
            Assert.False((bool)reply["recovered"]!, reply.ToJsonString());
            Assert.NotEqual(epoch, (string)reply["epoch"]!);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }
}
