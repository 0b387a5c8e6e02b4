using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains;
using Realtime.TestKit;

namespace Realtime.Cluster.Tests;

/// <summary>An edge that stops tells its clients to reconnect elsewhere before it goes; the rest of the cluster carries on.</summary>
public sealed class GracefulShutdownTests
{
    private const string DisconnectPush = "{\"push\":\"disconnect\",\"code\":3000,\"reason\":\"Go away!\",\"reconnect\":true}";

    [Fact]
    public async Task StoppingEdge_SendsDisconnectWithReconnect_ThenTheGoAwayCloseFrame()
    {
        var edge = await EdgeServer.StartClusterAsync("shutdown-" + Guid.NewGuid().ToString("N")[..8]);
        SockJsFrameClient? subscribed = null, idle = null;
        try
        {
            subscribed = await SockJsFrameClient.OpenAsync(edge.Url + "/realtime");
            idle = await SockJsFrameClient.OpenAsync(edge.Url + "/realtime");
            await subscribed.SendAsync("{\"id\":1,\"op\":\"connect\"}", "{\"id\":2,\"op\":\"subscribe\",\"channel\":\"shutdown:a\"}");
            await idle.SendAsync("{\"id\":1,\"op\":\"connect\"}");
            await Eventually.TrueAsync(() => subscribed.Messages.Count == 2, "the connect and subscribe replies");
            await Eventually.TrueAsync(() => idle.Messages.Count == 1, "the connect reply");
        }
        finally
        {
            await edge.DisposeAsync();
        }

        foreach (var client in new[] { subscribed, idle })
        {
            await using (client)
            {
                await Eventually.WithinAsync(client.Ended.ContinueWith(_ => true, TaskScheduler.Default), "the stopped edge to end the WebSocket");
                var frames = client.Frames;
                Assert.Equal("c[3000,\"Go away!\"]", frames[^1]);
                Assert.Equal(DisconnectPush, client.Messages[^1]);
                Assert.StartsWith("a", frames[^2], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task WhenAnEdgeStops_ChannelsItsSiloHeldAreRecreated_AndSubscribersElsewhereAreToldToResubscribe()
    {
        var clusterId = "survive-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?> { ["Realtime:RenewInterval"] = "00:00:01", ["Channels:EdgeLease"] = "00:00:03" };
        await using var edgeA = await EdgeServer.StartClusterAsync(clusterId, settings: settings);
        var edgeB = await EdgeServer.StartClusterAsync(clusterId, primarySiloPort: edgeA.SiloPort, settings: settings);
        await using var subscriber = await RealtimeClient.ConnectAsync(edgeA.Url + "/realtime");
        await using var publisher = await RealtimeClient.ConnectAsync(edgeA.Url + "/realtime");
        string channel, epoch;
        try
        {
            channel = await ChannelLivingOnAsync(edgeB);
            await using var onB = await RealtimeClient.ConnectAsync(edgeB.Url + "/realtime");
            Assert.NotNull((await onB.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]);
            epoch = (string)(await subscriber.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]!["epoch"]!;
            Assert.Equal(1, await PublishAsync(publisher, channel, 1));
            await subscriber.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message"), "message 1 on edge A");
        }
        finally
        {
            // Edge B's silo leaves, taking the channel's activation (and its history) with it.
            await edgeB.DisposeAsync();
        }

        var unsubscribed = await WaitForPushAsync(subscriber, "unsubscribed", "an unsubscribed push once edge A's renewal finds the channel re-created");
        Assert.Equal(channel, (string)unsubscribed["channel"]!);
        var again = (await subscriber.RequestAsync("subscribe", r => r["channel"] = channel))["ok"]!;
        Assert.NotEqual(epoch, (string)again["epoch"]!);
        var next = await PublishAsync(publisher, channel, 2);
        Assert.Equal((long)again["offset"]! + 1, next);
        await subscriber.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == "message" && (long)m["offset"]! == next && (int)m["data"]! == 2), $"message 2 at offset {next} after subscribing again");
        Assert.DoesNotContain(subscriber.Pushes, m => (string?)m["push"] == "disconnect");
    }

    /// <summary>
    /// A fresh channel name whose grain is activated on <paramref name="edge"/>'s silo. Placement is
    /// Orleans' choice (and a silo that just joined gets nothing at first), so new names are tried
    /// until one lands there.
    /// </summary>
    private static async Task<string> ChannelLivingOnAsync(EdgeServer edge)
    {
        var silo = edge.App.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var grains = edge.App.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        string? found = null;
        var seen = new HashSet<string>();
        try
        {
            await AsyncCondition.TrueAsync(
                async () =>
                {
                    var channel = "survive:" + Guid.NewGuid().ToString("N")[..8];
                    var grain = grains.GetGrain<IChannelGrain>(channel);
                    await grain.GetEdgesAsync();
                    var address = await management.GetActivationAddress(grain);
                    seen.Add(address?.ToString() ?? "none");
                    found = Equals(address, silo) ? channel : null;
                    return found is not null;
                },
                $"a channel grain placed on the second silo {silo}");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; placed on: {string.Join(", ", seen)}", timeout);
        }

        return found!;
    }

    private static async Task<JsonObject> WaitForPushAsync(RealtimeClient client, string push, string what)
    {
        await client.WaitForPushesAsync(p => p.Any(m => (string?)m["push"] == push), what);
        return client.Pushes.First(m => (string?)m["push"] == push);
    }

    private static async Task<long> PublishAsync(RealtimeClient publisher, string channel, int data)
    {
        var reply = await publisher.RequestAsync("publish", r =>
        {
            r["channel"] = channel;
            r["data"] = data;
        });
        return (long)(reply["ok"]?["offset"] ?? throw new Xunit.Sdk.XunitException("publish failed: " + reply.ToJsonString()));
    }
}
