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
/// processes as Orleans clients. Then an edge is killed, as a crash would. (Recovery of existing
/// subscriptions after a silo crash is not reliable yet; see the cluster-core issue.)
/// </summary>
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CrossEdgeDelivery_OverRedisMembership_AndACrashedEdgeLeavesWithinItsLease()
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

        // Phase 2: an edge crashes without detaching; its registration runs out with the lease.
        await edge2.KillAsync();
        output.WriteLine("edge2 killed");
        await Eventually.TrueAsync(
            () => channel.GetEdgesAsync().GetAwaiter().GetResult().Length == 1,
            $"the crashed edge to drop out within its lease ({ClusterProcesses.EdgeLease.TotalSeconds} s)",
            ClusterProcesses.EdgeLease * 4);
    }

    private static IEnumerable<JsonObject> Messages(IEnumerable<JsonObject> pushes) => pushes.Where(p => (string?)p["push"] == "message");

    private static async Task PublishAsync(RealtimeClient publisher, string channel, int i)
    {
        var reply = await publisher.RequestAsync("publish", r =>
        {
            r["channel"] = channel;
            r["data"] = new JsonObject { ["i"] = i };
        });
        Assert.True(reply["ok"] is not null, reply.ToJsonString());
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
