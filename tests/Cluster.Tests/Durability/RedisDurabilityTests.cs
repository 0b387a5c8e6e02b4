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
}
