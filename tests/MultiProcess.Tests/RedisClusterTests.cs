using System.Diagnostics;
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
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    private readonly Dictionary<RealtimeClient, List<long>> _subscribedAt = [];

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
        await SubscribeAsync(subscriber, channelName);
        await SubscribeAsync(publisher, channelName);

        // Phase 1: across edges, in order.
        for (var i = 1; i <= 50; i++)
        {
            await PublishAsync(publisher, channelName, i);
        }

        await subscriber.WaitForPushesAsync(p => Messages(p).Count() >= 50, "50 messages on edge 2");
        Assert.Equal(Enumerable.Range(1, 50), Messages(subscriber.Pushes).Select(m => (int)m["data"]!["i"]!));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), Messages(subscriber.Pushes).Select(m => (long)m["offset"]!));
        Assert.Equal(2, (await channel.GetEdgesAsync()).Length);

        // Phase 2: a silo crashes. Publishing resumes; each client sees every offset in order, or an
        // explicit unsubscribed push after which it subscribes again (recovered:false) and gets what follows.
        await silo1.KillAsync();
        output.WriteLine("silo1 killed");
        var last = 50;
        for (var i = 51; i <= 100; i++)
        {
            await PublishWithRetryAsync(publisher, channelName, i);
            last = i;
            await ResubscribeIfEndedAsync(subscriber, channelName);
            await ResubscribeIfEndedAsync(publisher, channelName);
        }

        AssertSegmentsAreGapless(subscriber);
        AssertSegmentsAreGapless(publisher);

        last = await AwaitDeliveryAsync(subscriber, publisher, channelName, last, "after the silo crash", edge2, edge1);
        AssertSegmentsAreGapless(subscriber);
        AssertSegmentsAreGapless(publisher);
        await Eventually.TrueAsync(
            () =>
            {
                // A loss reported this late still gets its resubscribe, or that edge would rightly detach.
                ResubscribeIfEndedAsync(subscriber, channelName).GetAwaiter().GetResult();
                ResubscribeIfEndedAsync(publisher, channelName).GetAwaiter().GetResult();
                return channel.GetEdgesAsync().GetAwaiter().GetResult().Length == 2;
            },
            "both edges attached after the silo crash",
            TimeSpan.FromSeconds(30));
        last = await AwaitDeliveryAsync(subscriber, publisher, channelName, last, "with both edges attached again", edge2, edge1);
        AssertSegmentsAreGapless(subscriber);
        AssertSegmentsAreGapless(publisher);
        output.WriteLine($"delivery resumed; the subscriber was told of {Unsubscribes(subscriber.Pushes)} loss(es), the publisher of {Unsubscribes(publisher.Pushes)}");

        // Phase 3: an edge crashes without detaching; its registration runs out with the lease, and its
        // presence members leave, with leave pushes to the members on the surviving edge.
        var room = "room:" + Guid.NewGuid().ToString("N")[..8];
        await using var watcher = await RealtimeClient.ConnectAsync(url1 + "/realtime");
        await using var member = await RealtimeClient.ConnectAsync(url2 + "/realtime");
        await SubscribeWithRetryAsync(watcher, room);
        var memberId = member.ClientId!;
        await SubscribeWithRetryAsync(member, room);
        await watcher.WaitForPushesAsync(p => PresencePushes(p, "join", memberId), "the member on edge 2 to join the room");

        await edge2.KillAsync();
        output.WriteLine("edge2 killed");
        await Eventually.TrueAsync(
            () => channel.GetEdgesAsync().GetAwaiter().GetResult().Length == 1,
            $"the crashed edge to drop out within its lease ({ClusterProcesses.EdgeLease.TotalSeconds} s)",
            ClusterProcesses.EdgeLease * 4);
        await watcher.WaitForPushesAsync(p => PresencePushes(p, "leave", memberId), "the crashed edge's member to leave the room", ClusterProcesses.EdgeLease * 4);
        Assert.Equal(1, (int)(await watcher.RequestAsync("presence", r => r["channel"] = room))["ok"]!["total"]!);
    }

    private static bool PresencePushes(IEnumerable<JsonObject> pushes, string kind, string clientId) =>
        pushes.Any(p => (string?)p["push"] == kind && (string?)p["member"]?["client"] == clientId);

    private static IEnumerable<JsonObject> Messages(IEnumerable<JsonObject> pushes) => pushes.Where(p => (string?)p["push"] == "message");

    private static int Unsubscribes(IEnumerable<JsonObject> pushes) => pushes.Count(p => (string?)p["push"] == "unsubscribed");

    /// <summary>
    /// Publishes until the subscriber receives the latest publication, and returns its number. A loss the
    /// subscriber is told of meanwhile is answered with a new subscription and another publication, as a
    /// real client would; a publication that reaches it neither way within the wait fails the test.
    /// </summary>
    private async Task<int> AwaitDeliveryAsync(RealtimeClient subscriber, RealtimeClient publisher, string channel, int last, string when, params ChildProcess[] edges)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var losses = Unsubscribes(subscriber.Pushes);
            var expected = ++last;
            await PublishWithRetryAsync(publisher, channel, expected);
            await WaitOrExplainAsync(
                () => Messages(subscriber.Pushes).Any(m => (int)m["data"]!["i"]! == expected) || Unsubscribes(subscriber.Pushes) > losses,
                $"message {expected} (or an unsubscribed push) on edge 2 {when}",
                TimeSpan.FromSeconds(15),
                subscriber,
                edges);
            await ResubscribeIfEndedAsync(subscriber, channel);
            await ResubscribeIfEndedAsync(publisher, channel);
            if (Messages(subscriber.Pushes).Any(m => (int)m["data"]!["i"]! == expected))
            {
                output.WriteLine($"message {expected} delivered {when}");
                return last;
            }

            Assert.True(started.Elapsed < RecoveryDeadline, $"delivery to edge 2 did not resume {when} within {RecoveryDeadline.TotalSeconds} s");
        }
    }

    /// <summary>Waits for <paramref name="condition"/>; on timeout the failure shows the client's last pushes and the edges' logs as they are then.</summary>
    private static async Task WaitOrExplainAsync(Func<bool> condition, string what, TimeSpan timeout, RealtimeClient client, params ChildProcess[] processes)
    {
        try
        {
            await Eventually.TrueAsync(condition, what, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                ex.Message + "\nlast pushes: " + string.Join(" ", client.Pushes.TakeLast(6).Select(m => m.ToJsonString()))
                    + "\n" + string.Join("\n", processes.Select(p => p.Tail)),
                ex);
        }
    }

    /// <summary>Subscribes (retrying errors while the cluster recovers) and remembers the offset the subscription starts after.</summary>
    private async Task SubscribeAsync(RealtimeClient client, string channel)
    {
        var started = Stopwatch.StartNew();
        JsonObject reply;
        while ((reply = await client.RequestAsync("subscribe", r => r["channel"] = channel, TimeSpan.FromSeconds(40)))["ok"] is null)
        {
            output.WriteLine($"subscribe failed while the cluster recovers: {reply.ToJsonString()}");
            Assert.True(started.Elapsed < RecoveryDeadline, $"subscribing did not recover within {RecoveryDeadline.TotalSeconds} s: {reply.ToJsonString()}");
        }

        var offset = (long)reply["ok"]!["offset"]!;
        if (!_subscribedAt.TryGetValue(client, out var starts))
        {
            _subscribedAt[client] = starts = [];
        }

        starts.Add(offset);
    }

    /// <summary>A client told its subscription ended (an explicit loss) subscribes again, as a real client would.</summary>
    private async Task ResubscribeIfEndedAsync(RealtimeClient client, string channel)
    {
        while (Unsubscribes(client.Pushes) >= _subscribedAt[client].Count)
        {
            await SubscribeAsync(client, channel);
            output.WriteLine($"resubscribed after an explicit loss, from offset {_subscribedAt[client][^1]}");
        }
    }

    /// <summary>
    /// Each subscription (the pushes between two unsubscribed pushes) starts right after the offset its
    /// subscribe reply gave and rises by exactly one: no hole, no duplicate, unless the client was told.
    /// </summary>
    private void AssertSegmentsAreGapless(RealtimeClient client)
    {
        var starts = _subscribedAt[client];
        var segment = 0;
        long? last = starts[0];
        foreach (var push in client.Pushes.ToArray())
        {
            if ((string?)push["push"] == "unsubscribed")
            {
                segment++;
                last = segment < starts.Count ? starts[segment] : null;
                continue;
            }

            if ((string?)push["push"] != "message")
            {
                continue;
            }

            var offset = (long)push["offset"]!;
            Assert.True(last is not null, $"offset {offset} after an unsubscribed push but before subscribing again");
            Assert.True(offset == last + 1, $"offset {offset} after {last} in subscription {segment}: a hole or a duplicate without an unsubscribed push");
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

    // A new channel may still be placed on the crashed silo until membership declares it dead: the subscribe
    // then fails with 500, and a client retries, as this does.
    private async Task SubscribeWithRetryAsync(RealtimeClient client, string channel)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var reply = await client.RequestAsync("subscribe", r => r["channel"] = channel, TimeSpan.FromSeconds(45));
            if (reply["ok"] is not null)
            {
                return;
            }

            output.WriteLine($"subscribe to {channel} failed while the cluster recovers: {reply.ToJsonString()}");
            Assert.True(deadline.Elapsed < RecoveryDeadline && (int?)reply["error"]?["code"] == 500, $"subscribing did not recover within {RecoveryDeadline.TotalSeconds} s: {reply.ToJsonString()}");

            // The pace of retries, as for publishing below.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task PublishWithRetryAsync(RealtimeClient publisher, string channel, int i)
    {
        var deadline = Stopwatch.StartNew();
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
            Assert.True(deadline.Elapsed < RecoveryDeadline, $"publishing did not recover within {RecoveryDeadline.TotalSeconds} s: {reply.ToJsonString()}");

            // The pace of retries (rejections come back at once), not a wait for a condition: a tight loop
            // would take the CPU from the silo that is declaring the dead one dead.
            await Task.Delay(TimeSpan.FromMilliseconds(50));
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
