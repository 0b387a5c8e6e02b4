using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Grains;
using Realtime.Grains.Hosting;
using Realtime.TestKit;
using Xunit.Abstractions;

namespace Realtime.MultiProcess.Tests;

/// <summary>
/// The built executables as an operator runs them: redis-server, two silo processes, two edge
/// processes as Orleans clients. Then a silo and an edge are killed, as crashes would.
/// </summary>
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CrossEdgeDelivery_SurvivesASiloCrash_AndACrashedEdgeLeavesWithinItsLease()
    {
        await using var redis = await RedisServer.StartAsync();
        var cluster = new ClusterProcesses(redis, "mp-" + Guid.NewGuid().ToString("N")[..8]);
        var (silo1, _) = await cluster.StartSiloAsync("silo1");
        await using var silo1Guard = silo1;
        var (silo2, _) = await cluster.StartSiloAsync("silo2");
        await using var silo2Guard = silo2;
        var (edge1, url1) = await cluster.StartEdgeAsync("edge1");
        await using var edge1Guard = edge1;
        var (edge2, url2) = await cluster.StartEdgeAsync("edge2");
        await using var edge2Guard = edge2;
        using var orleans = await StartOrleansClientAsync(redis, cluster.ClusterId);
        var channelName = "proc:" + Guid.NewGuid().ToString("N")[..8];
        var channel = orleans.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelGrain>(channelName);

        await using var subscriber = await RealtimeClient.ConnectAsync(url2 + "/realtime");
        await using var publisher = await RealtimeClient.ConnectAsync(url1 + "/realtime");
        Assert.NotNull((await subscriber.RequestAsync("subscribe", r => r["channel"] = channelName))["ok"]);
        Assert.NotNull((await publisher.RequestAsync("subscribe", r => r["channel"] = channelName))["ok"]);

        // Phase 1: across edges, in order.
        for (var i = 1; i <= 50; i++)
        {
            await PublishAsync(publisher, channelName, i);
        }

        await subscriber.WaitForPushesAsync(p => Messages(p).Count() >= 50, "50 messages on edge 2");
        Assert.Equal(Enumerable.Range(1, 50), Messages(subscriber.Pushes).Select(m => (int)m["data"]!["i"]!));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Messages(subscriber.Pushes).Select(m => (long)m["offset"]!));
        Assert.Equal(2, (await channel.GetEdgesAsync()).Length);

        // Phase 2: a silo crashes. Publishing resumes; the subscriber sees every offset, or an explicit unsubscribed push.
        await silo1.KillAsync();
        output.WriteLine("silo1 killed");
        for (var i = 51; i <= 100; i++)
        {
            await PublishWithRetryAsync(publisher, channelName, i);
            await ResubscribeIfEndedAsync(subscriber, channelName);
            await ResubscribeIfEndedAsync(publisher, channelName);
        }

        AssertSegmentsAreGapless(subscriber.Pushes);
        for (var i = 101; i <= 110; i++)
        {
            await PublishWithRetryAsync(publisher, channelName, i);
            await ResubscribeIfEndedAsync(subscriber, channelName);
            await ResubscribeIfEndedAsync(publisher, channelName);
        }

        await subscriber.WaitForPushesAsync(
            p => Messages(p).Any(m => (int)m["data"]!["i"]! == 110),
            "delivery to resume after the silo crash; subscriber's last pushes: "
                + string.Join(" ", subscriber.Pushes.TakeLast(6).Select(m => m.ToJsonString())) + "\n" + edge2.Tail + "\n" + edge1.Tail,
            TimeSpan.FromSeconds(30));
        AssertSegmentsAreGapless(subscriber.Pushes);

        // Phase 3: an edge crashes without detaching; its registration runs out with the lease.
        await Eventually.TrueAsync(() => channel.GetEdgesAsync().GetAwaiter().GetResult().Length == 2, "both edges attached after the silo crash", TimeSpan.FromSeconds(30));
        await edge2.KillAsync();
        output.WriteLine("edge2 killed");
        await Eventually.TrueAsync(
            () => channel.GetEdgesAsync().GetAwaiter().GetResult().Length == 1,
            $"the crashed edge to drop out within its lease ({ClusterProcesses.EdgeLease.TotalSeconds} s)",
            ClusterProcesses.EdgeLease * 4);
    }

    private static IEnumerable<JsonObject> Messages(IEnumerable<JsonObject> pushes) => pushes.Where(p => (string?)p["push"] == "message");

    private static int Unsubscribes(IEnumerable<JsonObject> pushes) => pushes.Count(p => (string?)p["push"] == "unsubscribed");

    private readonly Dictionary<RealtimeClient, int> _handledLosses = [];

    /// <summary>A client told its subscription ended (an explicit loss) subscribes again, as a real client would.</summary>
    private async Task ResubscribeIfEndedAsync(RealtimeClient client, string channel)
    {
        var losses = Unsubscribes(client.Pushes);
        if (losses > _handledLosses.GetValueOrDefault(client))
        {
            _handledLosses[client] = losses;
            var reply = await client.RequestAsync("subscribe", r => r["channel"] = channel, TimeSpan.FromSeconds(40));
            Assert.True(reply["ok"] is not null, reply.ToJsonString());
            output.WriteLine("resubscribed after an explicit loss: " + reply.ToJsonString());
        }
    }

    /// <summary>Within each subscription (split by unsubscribed pushes and epoch changes) offsets rise by exactly one.</summary>
    private static void AssertSegmentsAreGapless(IEnumerable<JsonObject> pushes)
    {
        long? last = null;
        foreach (var push in pushes)
        {
            if ((string?)push["push"] == "unsubscribed")
            {
                last = null;
                continue;
            }

            if ((string?)push["push"] != "message")
            {
                continue;
            }

            var offset = (long)push["offset"]!;
            Assert.True(last is null || offset == last + 1, $"offset {offset} after {last}: a hole or a duplicate without an unsubscribed push");
            last = offset;
        }
    }

    private static async Task PublishAsync(RealtimeClient publisher, string channel, int i)
    {
        var reply = await publisher.RequestAsync("publish", r =>
        {
            r["channel"] = channel;
            r["data"] = new JsonObject { ["i"] = i };
        });
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
    }

    private async Task PublishWithRetryAsync(RealtimeClient publisher, string channel, int i)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var reply = await publisher.RequestAsync("publish", r =>
            {
                r["channel"] = channel;
                r["data"] = new JsonObject { ["i"] = i };
            }, TimeSpan.FromSeconds(45));
            if (reply["ok"] is not null)
            {
                return;
            }

            output.WriteLine($"publish {i} failed while the cluster recovers: {reply.ToJsonString()}");
            Assert.True(DateTime.UtcNow < deadline, $"publishing did not recover within 60 s: {reply.ToJsonString()}");
        }
    }

    private static async Task<IHost> StartOrleansClientAsync(RedisServer redis, string clusterId)
    {
        var options = new RealtimeClusterOptions { Provider = ClusteringProvider.Redis, RedisConnection = redis.ConnectionString, ClusterId = clusterId };
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.AddRealtimeClient(options));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
